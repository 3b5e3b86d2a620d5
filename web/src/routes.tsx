// The page table: a page is one folder under pages/ and one line here.
import type { ReactNode } from 'react';
import type { MessageKey } from './i18n/zh-CN';
import type { Session } from './lib/session';
import { LearnerHomePage } from './pages/learner/LearnerHomePage';
import { CatalogPage } from './pages/learner/CatalogPage';
import { TakePackagePage } from './pages/learner/TakePackagePage';
import { CoursePage } from './pages/learner/CoursePage';
import { LeaderboardPage } from './pages/learner/LeaderboardPage';
import { AuthorPage } from './pages/author/AuthorPage';
import { SchemesPage } from './pages/manager/SchemesPage';
import { SchemeEditorPage } from './pages/manager/SchemeEditorPage';
import { DepartmentsPage } from './pages/manager/DepartmentsPage';
import { AuditPage } from './pages/manager/AuditPage';
import { AnalyticsPage } from './pages/manager/AnalyticsPage';
import { CredentialsPage } from './pages/learner/CredentialsPage';
import { PlansPage } from './pages/learner/PlansPage';
import { BrainstormsPage } from './pages/learner/BrainstormsPage';
import { ManagerPlansPage } from './pages/manager/PlansPage';
import { ModerationPage } from './pages/manager/ModerationPage';
import { SuspiciousActivityPage } from './pages/manager/SuspiciousActivityPage';
import { LearnerLedgerPage } from './pages/manager/LearnerLedgerPage';
import { StaffImportPage } from './pages/admin/StaffImportPage';
import { PeoplePage } from './pages/admin/PeoplePage';
import { AccountsPage } from './pages/admin/AccountsPage';
import { OrgTreePage } from './pages/admin/OrgTreePage';
import { MyRecordPage } from './pages/records/MyRecordPage';
import { DepartmentRecordsPage } from './pages/records/DepartmentRecordsPage';
import { InboxPage } from './pages/notifications/InboxPage';
import { PreferencesPage } from './pages/notifications/PreferencesPage';

export interface PageProps {
  session: Session;
  /** The route after the page's own path, e.g. a package id. */
  params: string[];
}

export interface Route {
  path: string;
  /** Shown in the navigation when set. */
  nav?: MessageKey;
  roles: string[];
  render: (props: PageProps) => ReactNode;
}

export const routes: Route[] = [
  { path: 'learner', nav: 'navHome', roles: ['learner'], render: (p) => <LearnerHomePage {...p} /> },
  { path: 'learner/catalog', nav: 'navCatalog', roles: ['learner'], render: () => <CatalogPage /> },
  { path: 'learner/plans', nav: 'navPlans', roles: ['learner'], render: (p) => <PlansPage {...p} /> },
  { path: 'learner/brainstorms', nav: 'navBrainstorms', roles: ['learner'], render: (p) => <BrainstormsPage {...p} /> },
  { path: 'learner/record', nav: 'navRecord', roles: ['learner'], render: (p) => <MyRecordPage {...p} /> },
  { path: 'learner/credentials', nav: 'navCredentials', roles: ['learner'], render: (p) => <CredentialsPage {...p} /> },
  { path: 'learner/package', roles: ['learner'], render: (p) => <TakePackagePage {...p} /> },
  { path: 'learner/course', roles: ['learner'], render: (p) => <CoursePage {...p} /> },
  { path: 'author', nav: 'navAuthor', roles: ['author'], render: () => <AuthorPage /> },
  { path: 'manager', nav: 'navManager', roles: ['manager'], render: () => <SchemesPage /> },
  { path: 'manager/scheme', roles: ['manager'], render: (p) => <SchemeEditorPage {...p} /> },
  { path: 'manager/departments', nav: 'navDepartments', roles: ['manager'], render: () => <DepartmentsPage /> },
  { path: 'manager/analytics', nav: 'navAnalytics', roles: ['manager'], render: () => <AnalyticsPage /> },
  { path: 'manager/plans', nav: 'navManagerPlans', roles: ['manager'], render: (p) => <ManagerPlansPage {...p} /> },
  { path: 'manager/records', nav: 'navRecords', roles: ['manager', 'admin'], render: (p) => <DepartmentRecordsPage {...p} /> },
  { path: 'manager/moderation', nav: 'navModeration', roles: ['manager'], render: () => <ModerationPage /> },
  { path: 'manager/suspicious', nav: 'navSuspicious', roles: ['manager'], render: (p) => <SuspiciousActivityPage {...p} /> },
  { path: 'manager/ledger', roles: ['manager'], render: (p) => <LearnerLedgerPage {...p} /> },
  { path: 'manager/audit', nav: 'navAudit', roles: ['admin'], render: () => <AuditPage /> },
  { path: 'admin/people', nav: 'navPeople', roles: ['manager', 'admin'], render: (p) => <PeoplePage {...p} /> },
  { path: 'admin/accounts', nav: 'navAccounts', roles: ['admin'], render: () => <AccountsPage /> },
  { path: 'admin/staff-import', nav: 'navStaffImport', roles: ['admin'], render: () => <StaffImportPage /> },
  { path: 'admin/org', nav: 'navOrgTree', roles: ['admin'], render: () => <OrgTreePage /> },
  { path: 'notifications', roles: ['learner', 'manager', 'author'], render: () => <InboxPage /> },
  { path: 'notifications/preferences', roles: ['learner', 'manager', 'author'], render: () => <PreferencesPage /> },
  { path: 'learner/leaderboard', nav: 'navLeaderboard', roles: ['learner', 'manager', 'author'], render: (p) => <LeaderboardPage {...p} /> },
];

/** The longest route path that starts the given route, and what follows it. */
export function match(route: string[]): { route: Route; params: string[] } | null {
  for (let length = route.length; length > 0; length--) {
    const found = routes.find((r) => r.path === route.slice(0, length).join('/'));
    if (found) return { route: found, params: route.slice(length) };
  }
  return null;
}
