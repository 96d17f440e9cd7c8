/** The rules section of the settings (hosts and routing domain live on the Settings page). */
import { Alert, Box, Button, Checkbox, FormControlLabel, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { Settings } from '../../shared/settings/schema';
import type { RulesState } from './useRules';

type RuleSettings = Settings['rules'];

function num(text: string, fallback: number): number {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : fallback;
}

export function RuleSettingsForm({ rules }: { rules: RulesState }) {
  const [draft, setDraft] = useState<RuleSettings | null>(rules.settings?.rules ?? null);
  useEffect(() => {
    if (rules.settings) setDraft(rules.settings.rules);
  }, [rules.settings]);
  if (!draft || !rules.settings) return null;
  const ex = rules.settings.exchange;
  const set = (patch: Partial<RuleSettings>) => setDraft({ ...draft, ...patch });
  const field = (label: string, key: 'routingTemplate' | 'logFolder' | 'credentialPath' | 'afterCreateName' | 'afterModifyName', width = 320) => (
    <TextField size="small" label={label} value={draft[key]} onChange={(e) => set({ [key]: e.target.value })} sx={{ width }} />
  );
  const seconds = (label: string, key: 'timeoutSeconds' | 'budgetSeconds' | 'openTimeoutSeconds' | 'operationTimeoutSeconds') => (
    <TextField size="small" label={label} value={String(draft[key])} onChange={(e) => set({ [key]: num(e.target.value, draft[key]) })} sx={{ width: 170 }} />
  );
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="rules-settings">
      <Typography variant="h6" component="h3" id="rules-settings" sx={{ mb: 1 }}>Rule settings</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        Exchange hosts ({ex.hosts.length ? ex.hosts.join(', ') : 'none: the rule uses the Application\'s ExchHost list'}) and the tenant routing domain ({ex.routingDomain ?? 'not set'}) come from the Settings page.
      </Typography>
      <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap', mb: 1.5 }}>
        {field('Routing address template', 'routingTemplate')}
        <TextField size="small" label="AD application (empty: any)" value={draft.adApplication ?? ''} onChange={(e) => set({ adApplication: e.target.value.trim() ? e.target.value : null })} sx={{ width: 260 }} />
        {field('Log folder on the IQService host', 'logFolder', 280)}
      </Stack>
      <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap', mb: 1.5 }}>
        {seconds('IQService timeout (s)', 'timeoutSeconds')}
        {seconds('Budget (s)', 'budgetSeconds')}
        {seconds('Session open timeout (s)', 'openTimeoutSeconds')}
        {seconds('Cmdlet timeout (s)', 'operationTimeoutSeconds')}
      </Stack>
      <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap', mb: 1.5, alignItems: 'center' }}>
        <TextField select size="small" label="Exchange credential" value={draft.credential} onChange={(e) => set({ credential: e.target.value as RuleSettings['credential'] })} sx={{ width: 300 }}>
          <MenuItem value="kerberos">IQService account (Kerberos)</MenuItem>
          <MenuItem value="dpapi">DPAPI file on the IQService host</MenuItem>
        </TextField>
        {draft.credential === 'dpapi' && field('Credential file (Export-Clixml)', 'credentialPath', 380)}
        <TextField select size="small" label="Failure mail" value={draft.mail} onChange={(e) => set({ mail: e.target.value as RuleSettings['mail'] })} sx={{ width: 260 }}>
          <MenuItem value="watcher">Left to the console&apos;s watcher</MenuItem>
          <MenuItem value="smtp">Sent by the rule (notify settings)</MenuItem>
        </TextField>
        <FormControlLabel control={<Checkbox checked={draft.useCreatedOnServer} onChange={(e) => set({ useCreatedOnServer: e.target.checked })} />} label="Use the result's createdOnServer as -DomainController" />
      </Stack>
      <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap', mb: 1.5 }}>
        {field('After-create rule name', 'afterCreateName', 360)}
        {field('After-modify rule name', 'afterModifyName', 360)}
      </Stack>
      <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center' }}>
        <Button variant="contained" onClick={() => void rules.saveRuleSettings(draft)}>Save rule settings</Button>
        {rules.saved && <Alert severity={rules.saved.startsWith('Rule settings saved') ? 'success' : 'error'} sx={{ py: 0 }}>{rules.saved}</Alert>}
      </Box>
    </Paper>
  );
}
