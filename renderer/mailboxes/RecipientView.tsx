/**
 * The recipient on screen: its card (with a wrong routing address flagged) and what can be done to
 * it. The page mounts one per recipient (keyed by its GUID), so every value typed here belongs to
 * that recipient and is gone when another one is looked up.
 */
import { Alert, Button, Stack } from '@mui/material';
import { useEffect, useState } from 'react';
import { routingAddressProblem } from '../../shared/exchange/routing';
import type { Recipient } from '../../shared/exchange/schemas';
import { aliasFrom } from '../../shared/exchange/validate';
import { ChangeActions } from './ChangeActions';
import { RecipientCard } from './RecipientCard';
import { StoryStrip } from '../story/StoryStrip';
import type { MailboxDesk } from './useMailboxDesk';

interface FormValues {
  routing: string;
  primary: string;
  allowForeign: boolean;
  newRouting: string;
  routingOverride: boolean;
  whatIfOnly: boolean;
}

export interface RecipientForms extends FormValues {
  set(patch: Partial<FormValues>): void;
}

/** The card's paint, for the desk's figures (answer -> card in `npm run bench`). */
function useRenderedMark(guid: string | null) {
  useEffect(() => {
    const id = requestAnimationFrame(() => performance.mark('hmc.desk.card-rendered', { detail: { guid } }));
    return () => cancelAnimationFrame(id);
  }, [guid]);
}

export function RecipientView({ desk, r }: { desk: MailboxDesk; r: Recipient }) {
  const [values, setValues] = useState<FormValues>(() => ({
    routing: desk.prefillFor(r.Guid),
    primary: '',
    allowForeign: false,
    newRouting: '',
    routingOverride: false,
    whatIfOnly: false,
  }));
  const forms: RecipientForms = { ...values, set: (patch) => setValues((v) => ({ ...v, ...patch })) };
  useRenderedMark(r.Guid);
  const problem = desk.policy ? routingAddressProblem(r, desk.policy) : null;
  const suggestion = desk.policy?.routingDomain && r.SamAccountName ? `${aliasFrom(r.SamAccountName)}@${desk.policy.routingDomain}` : null;
  const flag = problem ? (
    <Alert
      severity="warning"
      sx={{ mb: 1 }}
      data-testid="routing-flag"
      action={
        suggestion ? (
          <Button color="inherit" size="small" sx={{ whiteSpace: 'nowrap', textTransform: 'none' }} onClick={() => forms.set({ newRouting: suggestion })}>
            Use {suggestion}
          </Button>
        ) : undefined
      }
    >
      {problem}
    </Alert>
  ) : null;
  return (
    <Stack spacing={2}>
      <RecipientCard r={r} notice={flag} flagged={problem ? 'RemoteRoutingAddress' : null} />
      <StoryStrip identity={r.SamAccountName ?? r.Identity} version={`${r.RecipientTypeDetails}|${String(r.HiddenFromAddressListsEnabled)}|${r.RemoteRoutingAddress ?? ''}`} />
      <ChangeActions desk={desk} r={r} f={forms} />
    </Stack>
  );
}
