import { Component, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { i18n } from './i18n/index.ts';

interface Props {
  children: ReactNode;
  resetKey?: string;
}
interface State {
  error: Error | null;
  resetKey?: string;
}

/** Keeps a crash in one page from blanking the whole console. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey !== state.resetKey) return { error: null, resetKey: props.resetKey };
    return null;
  }

  override render() {
    if (this.state.error) {
      return (
        <Result
          status="error"
          title={i18n.t('app.errorTitle')}
          subTitle={i18n.t('app.errorText')}
          extra={
            <Button type="primary" onClick={() => window.location.reload()}>
              {i18n.t('app.reload')}
            </Button>
          }
        />
      );
    }
    return this.props.children;
  }
}
