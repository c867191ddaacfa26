import type { ReactNode } from 'react';
import { Alert, Skeleton, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link } from 'react-router';

interface Props {
  /** Where "back" (and cancelling) goes. */
  backTo: string;
  backLabel: string;
  /** The record being edited is still loading. */
  loading: boolean;
  /** It could not be loaded. */
  loadError?: Error | null;
  /** Set when the user may not edit it: the warning shown instead of the form. */
  forbidden?: string;
  title: string;
  maxWidth: number;
  /** Shown above the form, before a save error. */
  notice?: ReactNode;
  saveError: Error | null;
  /** The form. */
  children: ReactNode;
}

/** Create or edit one record: back link, title and form, or why the form cannot be shown. */
export function EditPage({ backTo, backLabel, loading, loadError, forbidden, title, maxWidth, notice, saveError, children }: Props) {
  const back = (
    <Link to={backTo}>
      <ArrowLeftOutlined aria-hidden /> {backLabel}
    </Link>
  );

  if (loading) return <Skeleton active />;
  if (loadError) {
    return (
      <div className="bb-page">
        {back}
        <Alert type="error" showIcon role="alert" title={loadError.message} style={{ marginTop: 16 }} />
      </div>
    );
  }
  if (forbidden) {
    return (
      <div className="bb-page">
        {back}
        <Alert type="warning" showIcon title={forbidden} style={{ marginTop: 16 }} />
      </div>
    );
  }

  return (
    <div className="bb-page" style={{ maxWidth }}>
      {back}
      <Typography.Title level={1} className="bb-page-title" style={{ marginTop: 12 }}>
        {title}
      </Typography.Title>
      {notice}
      {saveError && <Alert type="error" showIcon role="alert" title={saveError.message} style={{ marginBottom: 16 }} />}
      {children}
    </div>
  );
}
