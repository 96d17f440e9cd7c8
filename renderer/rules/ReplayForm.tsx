/**
 * What to replay: the console's rule or the admin's own script, the request (pasted, opened, or taken
 * from the logs), the optional result and application, --seed and the faults per Exchange host.
 * A script the console did not generate runs only after the admin confirms (it runs with their rights).
 */
import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Paper,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useRef, useState } from 'react';
import type { IncomingPlan } from '../../shared/logs/schemas';
import type { HostFault, ScriptInspection } from '../../shared/rules/schemas';
import { IncomingPlans } from '../plans/IncomingPlans';
import { useIncoming } from '../plans/usePlans';
import { fileToBase64 } from '../plans/files';
import { EMPTY_SLOT, slotInput, type DocSlot, type RulesState } from './useRules';

const SANDBOX_HOST = 'exch01.sandbox.invalid';

function Slot({ id, label, slot, onChange, rows = 5 }: { id: string; label: string; slot: DocSlot; onChange: (s: DocSlot) => void; rows?: number }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <Stack sx={{ gap: 0.5, flex: 1, minWidth: 320 }}>
      <TextField
        label={label}
        multiline
        minRows={rows}
        maxRows={12}
        value={slot.file ? `(file ${slot.file.name})` : slot.text}
        onChange={(e) => onChange({ text: e.target.value, file: null })}
        slotProps={{ htmlInput: { 'data-testid': `replay-input-${id}`, spellCheck: false, style: { fontFamily: 'monospace', fontSize: 12 } } }}
      />
      <Stack direction="row" sx={{ gap: 1 }}>
        <Button size="small" onClick={() => input.current?.click()}>Open file…</Button>
        {(slot.text || slot.file) && <Button size="small" onClick={() => onChange(EMPTY_SLOT)}>Clear</Button>}
      </Stack>
      <input
        ref={input}
        type="file"
        hidden
        onChange={async (e) => {
          const f = e.target.files?.[0];
          if (f) onChange({ text: '', file: { name: f.name, base64: await fileToBase64(f) } });
          e.target.value = '';
        }}
      />
    </Stack>
  );
}

/** The logged requests, loaded only while the list is shown. */
function LoggedRequests({ onOpen }: { onOpen: (p: IncomingPlan) => void }) {
  const incoming = useIncoming();
  return <IncomingPlans incoming={incoming} onOpen={onOpen} />;
}

export function ReplayForm({ rules }: { rules: RulesState }) {
  const [source, setSource] = useState<'generated' | 'script'>('generated');
  const [script, setScript] = useState<DocSlot>(EMPTY_SLOT);
  const [request, setRequest] = useState<DocSlot>(() => ({ text: rules.handover?.planText ?? '', file: null }));
  const [result, setResult] = useState<DocSlot>(() => ({ text: rules.handover?.resultText ?? '', file: null }));
  const [application, setApplication] = useState<DocSlot>(EMPTY_SLOT);
  const [seed, setSeed] = useState(true);
  const [timeout, setTimeoutText] = useState('');
  const [faults, setFaults] = useState<Record<string, HostFault>>({});
  const [fromLogs, setFromLogs] = useState(false);
  const [confirm, setConfirm] = useState<ScriptInspection | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const hosts = rules.settings?.exchange.hosts.length ? rules.settings.exchange.hosts : [SANDBOX_HOST];

  const run = async (trustScript: boolean) => {
    setProblem(null);
    const req = slotInput(request);
    if (!req) return setProblem('Paste or open the request ($env:Request, an AccountRequest) first, or take one from the logs.');
    const scriptInput = source === 'script' ? slotInput(script) : undefined;
    if (source === 'script' && !scriptInput) return setProblem('Paste or open your rule script (or its Rule XML) first.');
    if (scriptInput && !trustScript) {
      try {
        const seen = await rules.inspectScript(scriptInput);
        if (!seen.generated) return setConfirm(seen);
      } catch (e) {
        return setProblem((e as Error).message);
      }
    }
    const t = timeout.trim();
    await rules.replay({
      ...(scriptInput ? { script: scriptInput, trustScript: true } : { kind: rules.kind }),
      request: req,
      result: slotInput(result),
      application: slotInput(application),
      seed,
      ...(scriptInput && /^\d+$/.test(t) ? { timeoutSeconds: Number(t) } : {}),
      faults: { hosts: Object.fromEntries(Object.entries(faults).filter(([, f]) => f !== 'ok')) },
    });
  };

  const takeFromLogs = (p: IncomingPlan) => {
    if (p.requestXml) setRequest({ text: p.requestXml, file: null });
    setResult({ text: p.resultXml ?? '', file: null });
    setFromLogs(false);
  };

  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="rules-replay">
      <Typography variant="h6" component="h3" id="rules-replay" sx={{ mb: 1 }}>Replay a rule</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Runs the rule as IQService would, on this machine: $env:Request, $env:Result and $env:Application set, the rule&apos;s timeout enforced, the
        sandbox Exchange behind New-PSSession and Import-PSSession, C:\ and SMTP kept in a replay folder. Changes land in the console&apos;s sandbox directory.
      </Typography>
      <RadioGroup row value={source} onChange={(e) => setSource(e.target.value as 'generated' | 'script')} sx={{ mb: 1 }}>
        <FormControlLabel value="generated" control={<Radio size="small" />} label={`The console's rule (${rules.kind === 'after-create' ? 'ConnectorAfterCreate' : 'ConnectorAfterModify'}, as generated above)`} />
        <FormControlLabel value="script" control={<Radio size="small" />} label="My own script or Rule XML" />
      </RadioGroup>
      {source === 'script' && (
        <Stack direction="row" sx={{ gap: 2, mb: 1.5, flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <Slot id="script" label="Rule script (PowerShell) or Rule XML" slot={script} onChange={setScript} rows={6} />
          <TextField size="small" label="Timeout (s)" helperText="Default: its Rule XML's, else the settings'" value={timeout} onChange={(e) => setTimeoutText(e.target.value)} sx={{ width: 200 }} />
        </Stack>
      )}
      <Stack direction="row" sx={{ gap: 2, mb: 1, flexWrap: 'wrap' }}>
        <Slot id="request" label="$env:Request (AccountRequest XML, or the log entry holding it)" slot={request} onChange={setRequest} />
        <Slot id="result" label="$env:Result (ServiceResult), optional" slot={result} onChange={setResult} rows={3} />
        <Slot id="application" label="$env:Application, optional (default: the settings' hosts)" slot={application} onChange={setApplication} rows={3} />
      </Stack>
      <Button size="small" onClick={() => setFromLogs((v) => !v)} sx={{ mb: 1 }}>{fromLogs ? 'Hide the logged requests' : 'Take a request from the logs…'}</Button>
      {fromLogs && <LoggedRequests onOpen={takeFromLogs} />}
      <Stack direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap', my: 1 }}>
        <FormControlLabel control={<Checkbox checked={seed} onChange={(e) => setSeed(e.target.checked)} />} label="Add the request's user to the sandbox when missing" />
        {hosts.map((h) => (
          <TextField key={h} select size="small" label={h} value={faults[h] ?? 'ok'} onChange={(e) => setFaults({ ...faults, [h]: e.target.value as HostFault })} sx={{ width: 250 }}>
            <MenuItem value="ok">answers</MenuItem>
            <MenuItem value="down">down (refused)</MenuItem>
            <MenuItem value="kerberos">Kerberos refused</MenuItem>
            <MenuItem value="slow">slow session</MenuItem>
          </TextField>
        ))}
        <Button variant="contained" disabled={rules.replaying} onClick={() => void run(false)}>Replay</Button>
      </Stack>
      {rules.replaying && <LinearProgress aria-label="Replaying" />}
      {problem && <Alert severity="warning">{problem}</Alert>}
      {rules.replayError && <Alert severity="error">{rules.replayError}</Alert>}
      <Dialog open={confirm !== null} onClose={() => setConfirm(null)} aria-labelledby="confirm-script">
        <DialogTitle id="confirm-script">Run a script the console did not generate?</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 1 }}>
            The replay is not a security sandbox: the script runs as you, with the console&apos;s rights. Its Exchange calls, C:\ paths and mail are
            mapped; what it does otherwise is real. Read it before you run it.
          </DialogContentText>
          {confirm?.findings.map((f, i) => (
            <Alert key={i} severity={f.severity === 'info' ? 'info' : f.severity} sx={{ mb: 0.5 }}>{f.message}</Alert>
          ))}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(null)}>Cancel</Button>
          <Button
            variant="contained"
            color="warning"
            onClick={() => {
              setConfirm(null);
              void run(true);
            }}
          >
            Run it
          </Button>
        </DialogActions>
      </Dialog>
    </Paper>
  );
}
