/**
 * The pages of the app frame, in navigation order. A new page gets an id in navigation.tsx and
 * an entry here.
 */
import type { ComponentType } from 'react';
import type { PageId } from './navigation';
import { SettingsPage } from '../settings/SettingsPage';
import AuditPage from '../audit/AuditPage';
import ConnectivityPage from '../connectivity/ConnectivityPage';
import MailboxesPage from '../mailboxes/MailboxesPage';
import PlansPage from '../plans/PlansPage';
import LogsPage from '../logs/LogsPage';
import AlertsPage from '../notify/AlertsPage';
import RulesPage from '../rules/RulesPage';
import StoryPage from '../story/StoryPage';

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
  { id: 'story', label: 'User story', component: StoryPage },
  {
    id: 'plans',
    label: 'Plans',
    component: PlansPage,
  },
  {
    id: 'logs',
    label: 'Logs',
    component: LogsPage,
  },
  {
    id: 'rules',
    label: 'Rules',
    component: RulesPage,
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
  { id: 'alerts', label: 'Alerts', component: AlertsPage },
  { id: 'settings', label: 'Settings', component: SettingsPage },
];
