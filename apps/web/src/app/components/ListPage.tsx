import type { ReactNode } from 'react';
import { Alert, Empty, Space, Table, Typography, type TableColumnsType } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../usePageTitle.ts';
import type { Paging, UrlFilters } from './useUrlFilters.ts';

/** The page's h1 with its buttons on the right. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="bb-page-header">
      <Typography.Title level={1} className="bb-page-title">
        {title}
      </Typography.Title>
      {children}
    </div>
  );
}

/** Where the detail page's "back" returns to: this list, with its filters. */
function useHere(): string {
  const location = useLocation();
  return location.pathname + location.search;
}

/** A row's title as a link to its detail page; the whole row opens it too (see `ListPage`). */
export function RowLink({ to, children }: { to: string; children: ReactNode }) {
  const from = useHere();
  return (
    <Link to={to} state={{ from }} onClick={(e) => e.stopPropagation()}>
      {children}
    </Link>
  );
}

interface Props<T extends { id: string }> {
  title: string;
  /** Buttons next to the title. */
  actions: ReactNode;
  filterBar: ReactNode;
  /** The list query: its error is shown, and its total is announced to screen readers. */
  list: { isError: boolean; error: Error | null; isFetching: boolean; data?: { items: T[]; total: number } };
  filtering: Pick<UrlFilters<Paging>, 'filters' | 'changePage'>;
  /** A row opens `${basePath}/${id}`. */
  basePath: string;
  columns: TableColumnsType<T>;
  empty: ReactNode;
  /** Dialogs. */
  children?: ReactNode;
}

/** A console list page: title and actions, the filters, the load error, and the paged table. Sets the document title. */
export function ListPage<T extends { id: string }>({ title, actions, filterBar, list, filtering, basePath, columns, empty, children }: Props<T>) {
  const { t } = useTranslation();
  usePageTitle(title);
  const navigate = useNavigate();
  const from = useHere();
  const { page, pageSize } = filtering.filters;

  return (
    <div className="bb-page">
      <PageHeader title={title}>
        <Space wrap>{actions}</Space>
      </PageHeader>
      {filterBar}
      {list.isError && list.error && <Alert type="error" showIcon role="alert" title={list.error.message} style={{ marginBottom: 16 }} />}
      <div aria-live="polite" className="bb-sr-only">
        {list.data && !list.isFetching ? t('common.total', { total: list.data.total }) : ''}
      </div>
      <Table<T>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        size="middle"
        rowClassName={() => 'bb-clickable-row'}
        onRow={(row) => ({ onClick: () => navigate(`${basePath}/${row.id}`, { state: { from } }) })}
        locale={{ emptyText: <Empty description={empty} /> }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          onChange: filtering.changePage,
          responsive: true,
        }}
      />
      {children}
    </div>
  );
}
