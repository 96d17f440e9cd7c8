import { Alert, Box, Button, IconButton, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { DEFAULT_ALERT_RULE, type AlertRule } from '../../shared/notify/schemas';
import type { NotifyApi, Preview } from './useNotify';

interface RuleForm {
  source: string;
  threshold: string;
  windowMinutes: string;
  coolDownMinutes: string;
  quietFrom: string;
  quietTo: string;
}

function toForm(r: AlertRule): RuleForm {
  return { source: r.source, threshold: String(r.threshold), windowMinutes: String(r.windowMinutes), coolDownMinutes: String(r.coolDownMinutes), quietFrom: r.quietHours?.from ?? '', quietTo: r.quietHours?.to ?? '' };
}

function toRule(f: RuleForm): AlertRule {
  const n = (v: string, d: number) => (Number.isFinite(Number(v)) && v.trim() !== '' ? Math.round(Number(v)) : d);
  return {
    source: f.source.trim() || '*',
    threshold: n(f.threshold, 1),
    windowMinutes: n(f.windowMinutes, 15),
    coolDownMinutes: n(f.coolDownMinutes, 15),
    quietHours: f.quietFrom && f.quietTo ? { from: f.quietFrom, to: f.quietTo } : null,
  };
}

/** The alert rules (source, threshold, window, quiet hours, cool-down) and what the last 24 hours would have sent. */
export function AlertRulesEditor({ api }: { api: NotifyApi }) {
  const [rules, setRules] = useState<RuleForm[] | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (api.settings && !rules) setRules(api.settings.notify.alerts.map(toForm));
  }, [api.settings, rules]);

  if (!rules || !api.settings) return null;
  const update = (i: number, patch: Partial<RuleForm>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const field = (i: number, key: keyof RuleForm, label: string, width = 110) => (
    <TextField size="small" label={label} value={rules[i]![key]} onChange={(e) => update(i, { [key]: e.target.value })} sx={{ width }} />
  );

  const save = async () => {
    try {
      await api.saveNotify({ alerts: rules.map(toRule) });
      setMessage('Alert rules saved.');
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const runPreview = async () => {
    try {
      setPreview(await api.preview(rules.map(toRule)));
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  return (
    <Stack spacing={1.5}>
      <Typography variant="h6">Alert rules</Typography>
      <Typography variant="body2" color="text.secondary">
        Source: a log source&apos;s name, &quot;desk&quot; (the mailbox desk&apos;s failed changes) or &quot;*&quot; (every source, each counted apart). A rule mails when
        &quot;threshold&quot; failures happen within the window (1 = any failure); after a mail, the source&apos;s further failures are counted, not mailed, for the cool-down.
        {rules.length === 0 && ' No rule is configured: any failure mails, with a 15-minute cool-down.'}
      </Typography>
      {rules.map((_, i) => (
        <Box key={i} sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }} data-testid="alert-rule">
          {field(i, 'source', 'Source', 180)}
          {field(i, 'threshold', 'Failures')}
          {field(i, 'windowMinutes', 'Within (min)')}
          {field(i, 'coolDownMinutes', 'Cool-down (min)')}
          {field(i, 'quietFrom', 'Quiet from', 100)}
          {field(i, 'quietTo', 'Quiet to', 100)}
          <IconButton aria-label="Remove rule" onClick={() => setRules(rules.filter((__, j) => j !== i))}>
            ×
          </IconButton>
        </Box>
      ))}
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button onClick={() => setRules([...rules, toForm(DEFAULT_ALERT_RULE)])}>Add rule</Button>
        <Button variant="contained" onClick={() => void save()}>
          Save rules
        </Button>
        <Button variant="outlined" onClick={() => void runPreview()} data-testid="alert-preview">
          Preview last 24 hours
        </Button>
      </Box>
      {message && <Alert severity="info">{message}</Alert>}
      {preview && (
        <Box data-testid="alert-preview-result">
          <Typography variant="body2" sx={{ mb: 0.5 }}>
            {preview.failures} failure(s) in the last 24 hours: {preview.mails.length} mail(s); {preview.suppressed} failure(s) without a mail of their own.
          </Typography>
          {preview.mails.map((m, i) => (
            <Typography key={i} variant="caption" component="div" sx={{ fontFamily: 'monospace' }}>
              {new Date(m.at).toLocaleString()} {m.source} {m.reason === 'quiet-hours' ? '(after quiet hours)' : ''} {m.failures} failure(s) {m.user ?? ''}: {m.error.slice(0, 120)}
            </Typography>
          ))}
          {preview.notes.map((n) => (
            <Alert key={n} severity="warning" sx={{ mt: 0.5 }}>
              {n}
            </Alert>
          ))}
        </Box>
      )}
    </Stack>
  );
}
