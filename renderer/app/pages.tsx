/**
 * The pages of the app frame, in navigation order. A feature replaces its placeholder with
 * its page component here.
 */
import type { ComponentType } from 'react';
import { ComingSoon } from './ComingSoon';
import type { PageId } from './navigation';
import { SettingsPage } from '../settings/SettingsPage';
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
    component: () => (
      <ComingSoon
        title="Mailboxes"
        what="The mailbox desk will look users up, enable remote mailboxes and hide or unhide them, with preview, confirmation, read-back and audit."
      />
    ),
  },
  {
    id: 'plans',
    label: 'Plans',
    component: PlansPage,
  },
  {
    id: 'logs',
    label: 'Logs',
    component: () => (
      <ComingSoon title="Logs" what="The log viewer will tail and search the rules' daily log files live." />
    ),
  },
  {
    id: 'connectivity',
    label: 'Connectivity',
    component: () => (
      <ComingSoon
        title="Connectivity"
        what="Connectivity checks will test every layer (DNS, TCP, TLS, HTTP, session) to every Exchange host in parallel."
      />
    ),
  },
  {
    id: 'audit',
    label: 'Audit',
    component: () => (
      <ComingSoon title="Audit" what="The audit trail will list every change made through the console, who made it and how it ended." />
    ),
  },
  { id: 'settings', label: 'Settings', component: SettingsPage },
];
