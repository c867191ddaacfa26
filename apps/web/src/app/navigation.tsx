import type { ReactNode } from 'react';
import {
  AuditOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  BookOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  MessageOutlined,
  CalendarOutlined,
  ExperimentOutlined,
  FileSearchOutlined,
  HomeOutlined,
  QuestionCircleOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Permission } from '@bangban/shared';
import type { Resources } from './i18n/zh-CN.ts';

export interface NavEntry {
  path: string;
  label: keyof Resources['nav'];
  icon: ReactNode;
  /** Shown only when `me.permissions` has it. */
  permission: Permission | null;
}

export const NAV_ENTRIES: NavEntry[] = [
  { path: '/console', label: 'home', icon: <HomeOutlined />, permission: null },
  { path: '/console/desk', label: 'desk', icon: <CustomerServiceOutlined />, permission: 'conversation.work' },
  { path: '/console/wallboard', label: 'wallboard', icon: <DashboardOutlined />, permission: 'conversation.supervise' },
  { path: '/console/canned', label: 'canned', icon: <MessageOutlined />, permission: 'canned.manage' },
  { path: '/console/org', label: 'org', icon: <ApartmentOutlined />, permission: 'org.read' },
  { path: '/console/matters', label: 'matters', icon: <FileSearchOutlined />, permission: 'matter.read' },
  { path: '/console/kb', label: 'kb', icon: <BookOutlined />, permission: 'kb.read' },
  { path: '/console/kb/hit-test', label: 'kbHitTest', icon: <ExperimentOutlined />, permission: 'kb.read' },
  { path: '/console/kb/gaps', label: 'kbGaps', icon: <QuestionCircleOutlined />, permission: 'kb.gaps' },
  { path: '/console/metrics/assistant', label: 'assistantMetrics', icon: <BarChartOutlined />, permission: 'assistant.metrics' },
  { path: '/console/calendar', label: 'calendar', icon: <CalendarOutlined />, permission: 'calendar.read' },
  { path: '/console/users', label: 'users', icon: <TeamOutlined />, permission: 'user.read' },
  { path: '/console/audit', label: 'audit', icon: <AuditOutlined />, permission: 'audit.read' },
];

/** The nav entry a pathname belongs to (longest prefix). */
export function activeNavPath(pathname: string): string {
  const match = NAV_ENTRIES.filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`)).sort(
    (a, b) => b.path.length - a.path.length,
  )[0];
  return match?.path ?? '/console';
}
