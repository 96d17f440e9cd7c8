/**
 * The pages of the app frame, in navigation order. A new page gets an id in navigation.tsx and
 * an entry here.
 */
import type { ComponentType } from 'react';
import type { PageId } from './navigation';
import { ComingSoon } from './ComingSoon';
import { SettingsPage } from '../settings/SettingsPage';
import AuditPage from '../audit/AuditPage';
import ConnectivityPage from '../connectivity/ConnectivityPage';
import MailboxesPage from '../mailboxes/MailboxesPage';
import PlansPage from '../plans/PlansPage';

export interface PageDef {
  id: PageId;
  label: string;
  component: ComponentType;
}

export const PAGES: PageDef[] = [
  {
    id: 'mailboxes',
    label: 'Mailboxes',
    component: MailboxesPage,
  },
  {
    id: 'plans',
    label: 'Plans',
    component: PlansPage,
  },
  {
    id: 'logs',
    label: 'Logs',
    component: () => <ComingSoon title="Logs" what="The log viewer will tail and search the rules' daily log files live." />,
  },
  {
    id: 'connectivity',
    label: 'Connectivity',
    component: ConnectivityPage,
  },
  {
    id: 'audit',
    label: 'Audit',
    component: AuditPage,
  },
  { id: 'settings', label: 'Settings', component: SettingsPage },
];
