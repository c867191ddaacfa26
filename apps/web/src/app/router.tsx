import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../modules/identity/LoginPage.tsx';
import { ConsoleHome } from './ConsoleHome.tsx';
import { NotFound } from './NotFound.tsx';
import { RequireAuth, RequirePermission } from './RequireAuth.tsx';
import { Shell } from './Shell.tsx';

// Pages are split per domain so the login page stays small.
const OrgPage = lazy(() => import('../modules/organisation/OrgPage.tsx').then((m) => ({ default: m.OrgPage })));
const MattersPage = lazy(() => import('../modules/matters/MattersPage.tsx').then((m) => ({ default: m.MattersPage })));
const MatterDetailPage = lazy(() =>
  import('../modules/matters/MatterDetailPage.tsx').then((m) => ({ default: m.MatterDetailPage })),
);
const MatterEditPage = lazy(() => import('../modules/matters/MatterEditPage.tsx').then((m) => ({ default: m.MatterEditPage })));
const CalendarPage = lazy(() => import('../modules/calendar/CalendarPage.tsx').then((m) => ({ default: m.CalendarPage })));
const UsersPage = lazy(() => import('../modules/users/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('../modules/audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const KnowledgePage = lazy(() => import('../modules/knowledge/KnowledgePage.tsx').then((m) => ({ default: m.KnowledgePage })));
const EntryDetailPage = lazy(() => import('../modules/knowledge/EntryDetailPage.tsx').then((m) => ({ default: m.EntryDetailPage })));
const EntryEditPage = lazy(() => import('../modules/knowledge/EntryEditPage.tsx').then((m) => ({ default: m.EntryEditPage })));
const HitTestPage = lazy(() => import('../modules/knowledge/HitTestPage.tsx').then((m) => ({ default: m.HitTestPage })));
const GapsPage = lazy(() => import('../modules/knowledge/GapsPage.tsx').then((m) => ({ default: m.GapsPage })));
const AssistantMetricsPage = lazy(() =>
  import('../modules/metrics/AssistantMetricsPage.tsx').then((m) => ({ default: m.AssistantMetricsPage })),
);
const DeskPage = lazy(() => import('../modules/desk/DeskPage.tsx').then((m) => ({ default: m.DeskPage })));
const WallboardPage = lazy(() => import('../modules/desk/WallboardPage.tsx').then((m) => ({ default: m.WallboardPage })));
const CannedAnswersPage = lazy(() => import('../modules/desk/CannedAnswersPage.tsx').then((m) => ({ default: m.CannedAnswersPage })));
const ChatPage = lazy(() => import('../modules/assistant/ChatPage.tsx').then((m) => ({ default: m.ChatPage })));

export const router = createBrowserRouter([
  { path: '/', element: <Navigate to="/console" replace /> },
  {
    path: '/chat',
    element: (
      <Suspense fallback={null}>
        <ChatPage />
      </Suspense>
    ),
  },
  { path: '/console/login', element: <LoginPage /> },
  {
    path: '/console',
    element: (
      <RequireAuth>
        <Shell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <ConsoleHome /> },
      {
        path: 'org',
        element: (
          <RequirePermission permission="org.read">
            <OrgPage />
          </RequirePermission>
        ),
      },
      {
        path: 'matters',
        element: (
          <RequirePermission permission="matter.read">
            <MattersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'matters/new',
        element: (
          <RequirePermission permission="matter.write">
            <MatterEditPage />
          </RequirePermission>
        ),
      },
      {
        path: 'matters/:id',
        element: (
          <RequirePermission permission="matter.read">
            <MatterDetailPage />
          </RequirePermission>
        ),
      },
      {
        path: 'matters/:id/edit',
        element: (
          <RequirePermission permission="matter.write">
            <MatterEditPage />
          </RequirePermission>
        ),
      },
      {
        path: 'calendar',
        element: (
          <RequirePermission permission="calendar.read">
            <CalendarPage />
          </RequirePermission>
        ),
      },
      {
        path: 'users',
        element: (
          <RequirePermission permission="user.read">
            <UsersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="audit.read">
            <AuditPage />
          </RequirePermission>
        ),
      },
      { path: 'desk', element: <RequirePermission permission="conversation.work"><DeskPage /></RequirePermission> },
      { path: 'wallboard', element: <RequirePermission permission="conversation.supervise"><WallboardPage /></RequirePermission> },
      { path: 'canned', element: <RequirePermission permission="canned.manage"><CannedAnswersPage /></RequirePermission> },
      { path: 'kb', element: <RequirePermission permission="kb.read"><KnowledgePage /></RequirePermission> },
      { path: 'kb/new', element: <RequirePermission permission="kb.write"><EntryEditPage /></RequirePermission> },
      { path: 'kb/hit-test', element: <RequirePermission permission="kb.read"><HitTestPage /></RequirePermission> },
      { path: 'kb/gaps', element: <RequirePermission permission="kb.gaps"><GapsPage /></RequirePermission> },
      { path: 'kb/:id', element: <RequirePermission permission="kb.read"><EntryDetailPage /></RequirePermission> },
      { path: 'kb/:id/edit', element: <RequirePermission permission="kb.write"><EntryEditPage /></RequirePermission> },
      {
        path: 'metrics/assistant',
        element: <RequirePermission permission="assistant.metrics"><AssistantMetricsPage /></RequirePermission>,
      },
      { path: '*', element: <NotFound /> },
    ],
  },
  { path: '*', element: <NotFound standalone /> },
]);
