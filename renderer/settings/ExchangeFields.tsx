/** Where and how the console reaches Exchange, and the sign-in for remote Negotiate/Basic. */
import { Alert, Button, Checkbox, FormControlLabel, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { applyRoutingAddressTemplate } from '../../shared/exchange/routing-template';
import { issueAt } from '../../shared/settings/validate';
import type { ExchangeSettings, SettingsState } from './useSettings';

/** Every issue at the hosts list or one of its entries. */
function hostsIssue(s: SettingsState): string | null {
  const hit = s.issues.filter((i) => i.path[0] === 'exchange' && i.path[1] === 'hosts');
  return hit.length ? hit.map((i) => i.message).join(' ') : null;
}

function RemoteSignIn({ s, ex }: { s: SettingsState; ex: ExchangeSettings }) {
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
      <TextField
        type="password"
        label={`Password for ${ex.credentialUser ?? 'the account'}`}
        value={s.password}
        autoComplete="off"
        onChange={(e) => s.setPassword(e.target.value)}
        sx={{ flex: 1 }}
      />
      <FormControlLabel
        control={<Checkbox checked={s.remember} onChange={(e) => s.setRemember(e.target.checked)} />}
        label="Remember (desktop app, OS keychain)"
      />
      <Button variant="outlined" onClick={s.connect} disabled={!s.password}>
        Connect
      </Button>
    </Stack>
  );
}

export function ExchangeFields({ s, ex, locked = [] }: { s: SettingsState; ex: ExchangeSettings; locked?: string[] }) {
  const pinned = (key: string) => locked.includes(key);
  const hosts = hostsIssue(s);
  const domain = issueAt(s.issues, 'exchange', 'routingDomain');
  const template = issueAt(s.issues, 'exchange', 'routingAddressTemplate');
  const example = applyRoutingAddressTemplate(ex.routingAddressTemplate, { sam: 'aobrien', routingDomain: ex.routingDomain ?? '{routingDomain}' });
  return (
    <>
      <Typography variant="h6" component="h3">Exchange</Typography>
      <TextField
        select
        label="Mode"
        value={ex.mode}
        onChange={(e) => s.setExchange({ mode: e.target.value as ExchangeSettings['mode'] })}
        helperText="sandbox: the built-in test Exchange. remote: a session to your Exchange server (Windows). snapin: the Exchange 2019 CU12+ management tools."
      >
        <MenuItem value="sandbox">sandbox</MenuItem>
        <MenuItem value="remote">remote</MenuItem>
        <MenuItem value="snapin">snapin</MenuItem>
      </TextField>
      <TextField
        label="Exchange hosts (FQDN, in failover order, comma-separated)"
        value={s.hostsText}
        onChange={(e) => s.setHostsText(e.target.value)}
        disabled={pinned('exchange.hosts')}
        error={Boolean(hosts)}
        helperText={pinned('exchange.hosts') ? 'Locked by your administrator\'s policy.' : (hosts ?? 'e.g. exch01.corp.example.org, exch02.corp.example.org')}
      />
      <TextField
        select
        label="Authentication"
        value={ex.authentication}
        onChange={(e) => s.setExchange({ authentication: e.target.value as ExchangeSettings['authentication'] })}
      >
        <MenuItem value="Kerberos">Kerberos (current Windows identity)</MenuItem>
        <MenuItem value="Negotiate">Negotiate (with a credential)</MenuItem>
        <MenuItem value="Basic">Basic (https only)</MenuItem>
      </TextField>
      <TextField
        label="Routing domain"
        placeholder="contoso.mail.onmicrosoft.com"
        value={ex.routingDomain ?? ''}
        onChange={(e) => s.setExchange({ routingDomain: e.target.value.trim() || null })}
        disabled={pinned('exchange.routingDomain')}
        error={Boolean(domain)}
        helperText={pinned('exchange.routingDomain') ? 'Locked by your administrator\'s policy.' : (domain ?? "The tenant's routing domain, e.g. contoso.mail.onmicrosoft.com.")}
      />
      <TextField
        label="Routing address template"
        value={ex.routingAddressTemplate}
        onChange={(e) => s.setExchange({ routingAddressTemplate: e.target.value.trim() })}
        error={Boolean(template)}
        helperText={template ?? `The routing address an enable proposes: {sam} and {routingDomain}. For aobrien: ${example}`}
      />
      <TextField
        label="Account for Negotiate/Basic (DOMAIN\user)"
        value={ex.credentialUser ?? ''}
        onChange={(e) => s.setExchange({ credentialUser: e.target.value.trim() || null })}
        helperText="Kerberos uses the Windows identity this app runs as and needs no account here."
      />
      {ex.mode === 'remote' && ex.authentication !== 'Kerberos' && <RemoteSignIn s={s} ex={ex} />}
      {s.session && <Alert severity="info">{s.session}</Alert>}
    </>
  );
}
