/**
 * Plans: paste, drop or open an IdentityIQ / IQService XML document (or arrive with one from
 * another page), and see what the mailbox rules would do with it: a summary per account request,
 * decision cards with their checks, findings, the attribute requests (secrets masked), the
 * result's errors and warnings, the Exchange hosts and the masked raw XML.
 * Document text is only ever rendered as text.
 */
import {
  Alert,
  Box,
  Button,
  Chip,
  Divider,
  Paper,
  Stack,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { AccountRequestModel, Decision, PlanDocumentInput, PlanInspection, PlanValue } from '../../shared/plans/schemas';
import type { IncomingPlan } from '../../shared/logs/schemas';
import { useNavigation, type Navigation } from '../app/navigation';
import { hmc } from '../client';
import { fileToBase64 } from './files';
import { IncomingPlans } from './IncomingPlans';
import { XmlView } from './XmlView';
import { MASK } from '../../shared/secrets';

type Slot = 'document' | 'result' | 'application';

interface SlotState {
  text: string;
  /** Set when a file was opened/dropped: its bytes go to the core as base64 (UTF-16 safe). */
  file: { name: string; base64: string } | null;
}

const EMPTY: SlotState = { text: '', file: null };

const SLOT_LABEL: Record<Slot, string> = {
  document: 'Plan, request, result, application or rule XML (or a log entry holding it)',
  result: '$env:Result (ServiceResult), optional',
  application: '$env:Application (Application or Map), optional',
};

function toInput(s: SlotState): PlanDocumentInput | undefined {
  if (s.file) return { base64: s.file.base64, name: s.file.name };
  return s.text.trim() ? { text: s.text } : undefined;
}

function ValueView({ value, masked }: { value: PlanValue; masked?: boolean }) {
  if (masked || value === MASK) return <Chip size="small" color="warning" variant="outlined" label={`${MASK} (masked)`} />;
  if (value === null) return <Typography variant="body2" color="text.secondary">(empty)</Typography>;
  if (typeof value === 'boolean') return <Chip size="small" variant="outlined" label={String(value)} color={value ? 'success' : 'default'} />;
  if (Array.isArray(value)) {
    return (
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
        {value.map((v, i) => (
          <Chip key={i} size="small" label={typeof v === 'string' ? v : JSON.stringify(v)} sx={{ maxWidth: 420 }} />
        ))}
      </Stack>
    );
  }
  if (typeof value === 'object') return <code style={{ wordBreak: 'break-all' }}>{JSON.stringify(value)}</code>;
  return <span style={{ wordBreak: 'break-word' }}>{String(value)}</span>;
}

const STATUS_COLOR = { pass: 'success.main', fail: 'error.main', unknown: 'text.disabled' } as const;
const STATUS_LABEL = { pass: 'pass', fail: 'fail', unknown: 'unknown' } as const;

/** "Fix it": the decision's identity, routing address and action, handed to the mailbox desk (previewed and confirmed there). */
function fixInDesk(nav: Navigation, d: Decision): void {
  if (!d.identity || d.action === 'none') return;
  nav.navigate('mailboxes', {
    identities: [d.identity],
    // The desk has no "unhide" intent: a rehire opens the user there, and the admin unhides.
    mailboxIntent:
      d.action === 'enable-remote-mailbox' ? { kind: 'enable', routingAddress: d.remoteRoutingAddress } : d.action === 'hide-from-address-lists' ? { kind: 'hide' } : undefined,
    origin: `the plan inspector (${d.rule} decision)`,
  });
}

function DecisionCard({ d }: { d: Decision }) {
  const nav = useNavigation();
  const acts = d.action !== 'none';
  return (
    <Paper variant="outlined" sx={{ p: 2, borderColor: acts ? 'success.main' : undefined }} data-testid="decision">
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>{d.rule}</Typography>
        <Chip size="small" color={acts ? 'success' : 'default'} label={d.action} />
        {!d.conclusive && <Chip size="small" variant="outlined" label="depends on unknowns" />}
      </Stack>
      <Typography variant="body2" sx={{ mb: 1 }}>{d.reason}</Typography>
      {(d.identity || d.remoteRoutingAddress || d.exchangeHost) && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {d.identity && <>Identity: <b>{d.identity}</b>. </>}
          {d.remoteRoutingAddress && <>Routing address: <b>{d.remoteRoutingAddress}</b>. </>}
          {d.exchangeHost && <>Exchange host: <b>{d.exchangeHost}</b>.</>}
        </Typography>
      )}
      {acts && (
        <Button
          size="small"
          variant="contained"
          disabled={!d.identity}
          title={d.identity ? `Open ${d.identity} in the mailbox desk with this action pre-selected (previewed and confirmed there)` : 'The request names no identity'}
          onClick={() => fixInDesk(nav, d)}
          sx={{ mb: 1.5 }}
        >
          Fix it in the mailbox desk
        </Button>
      )}
      <Stack component="ul" sx={{ listStyle: 'none', p: 0, m: 0, gap: 0.5 }}>
        {d.checks.map((c, i) => (
          <Stack component="li" key={i} direction="row" sx={{ gap: 1, alignItems: 'flex-start' }} data-status={c.status}>
            <Box
              aria-label={STATUS_LABEL[c.status]}
              sx={{ mt: '5px', width: 10, height: 10, borderRadius: '50%', flexShrink: 0, bgcolor: STATUS_COLOR[c.status] }}
            />
            <Typography variant="body2">
              <b>{c.name}</b> <span style={{ opacity: 0.8 }}>({STATUS_LABEL[c.status]})</span>: {c.evidence}
            </Typography>
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}

function requestSummary(a: AccountRequestModel): string {
  const sam = a.attributeRequests.find((x) => x.name.toLowerCase() === 'samaccountname')?.value;
  const who = typeof sam === 'string' ? `${sam} (${a.nativeIdentity ?? 'no nativeIdentity'})` : (a.nativeIdentity ?? '(no nativeIdentity)');
  return `${a.op}${a.opDefaulted ? ' (default)' : ''} ${who} on ${a.application ?? '(no application)'} — ${a.attributeRequests.length} attribute request(s)${a.provisioningResult ? `, result ${a.provisioningResult}` : ''}`;
}

const PAGE_ROWS = 300;

function AttributeTable({ req }: { req: AccountRequestModel }) {
  const [rows, setRows] = useState(PAGE_ROWS);
  const args = Object.entries(req.arguments);
  return (
    <Box>
      {args.length > 0 && (
        <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'wrap', mb: 1, alignItems: 'center' }}>
          <Typography variant="body2" color="text.secondary">Arguments:</Typography>
          {args.map(([k, v]) => (
            <Chip key={k} size="small" variant="outlined" label={`${k} = ${v === null ? '(empty)' : typeof v === 'string' ? v : JSON.stringify(v)}`} />
          ))}
        </Stack>
      )}
      <Table size="small" aria-label="Attribute requests">
        <TableHead>
          <TableRow>
            <TableCell>Attribute</TableCell>
            <TableCell>Op</TableCell>
            <TableCell>Value</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {req.attributeRequests.slice(0, rows).map((a, i) => (
            <TableRow key={i}>
              <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{a.name}</TableCell>
              <TableCell>{a.op}</TableCell>
              <TableCell><ValueView value={a.value} masked={a.masked} /></TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {req.attributeRequests.length > rows && (
        <Button size="small" onClick={() => setRows(rows + PAGE_ROWS * 4)}>Show more ({req.attributeRequests.length - rows} left)</Button>
      )}
    </Box>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="section" sx={{ mb: 3 }}>
      <Typography variant="h6" component="h3" sx={{ fontSize: 16, mb: 1 }}>{title}</Typography>
      {children}
    </Box>
  );
}

function Results({ r }: { r: PlanInspection }) {
  const nav = useNavigation();
  const [rawTab, setRawTab] = useState<Slot>('document');
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    const { raw: _raw, ...value } = r;
    try {
      await navigator.clipboard.writeText(JSON.stringify(value, null, 2));
      setCopied('Copied the inspection as JSON (secrets masked).');
    } catch (e) {
      setCopied(`Copy failed: ${(e as Error).message}`);
    }
  };
  const raws = r.raw ? (['document', 'result', 'application'] as const).filter((k) => r.raw![k] !== null) : [];
  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        <Chip color="primary" label={r.kind} />
        {r.documents.map((d) => (
          <Chip key={d.role} size="small" variant="outlined" label={`${d.role}: ${d.kind}, ${d.encoding}${d.prefixLength ? `, after ${d.prefixLength} chars of log text` : ''}`} />
        ))}
        <Box sx={{ flexGrow: 1 }} />
        <Button size="small" variant="outlined" onClick={() => void copy()}>Copy as JSON</Button>
      </Stack>
      {copied && <Alert severity="info" sx={{ mb: 2 }} onClose={() => setCopied(null)}>{copied}</Alert>}

      {r.plan && (
        <Typography variant="body2" sx={{ mb: 2 }}>
          Plan for <b>{r.plan.nativeIdentity ?? '?'}</b>
          {r.plan.requesters.length > 0 && <> requested by {r.plan.requesters.map((q) => q.name ?? q.id).join(', ')}</>}
          {r.plan.trackingId && <> · tracking {r.plan.trackingId}</>}
        </Typography>
      )}

      {r.findings.length > 0 && (
        <Section title="Findings">
          <Stack sx={{ gap: 1 }}>
            {r.findings.map((f, i) => (
              <Alert key={i} severity={f.severity} data-testid="finding">
                <b>{f.code}</b>: {f.message}
              </Alert>
            ))}
          </Stack>
        </Section>
      )}

      {r.accountRequests.map((a, i) => (
        <Section key={i} title={`Account request ${i + 1}: ${requestSummary(a)}`}>
          <Stack direction={{ xs: 'column', md: 'row' }} sx={{ gap: 2, mb: 2 }}>
            {r.decisions.filter((d) => d.request === i).map((d) => (
              <Box key={d.rule} sx={{ flex: 1, minWidth: 0 }}><DecisionCard d={d} /></Box>
            ))}
          </Stack>
          <AttributeTable req={a} />
        </Section>
      ))}

      {r.result && (
        <Section title={`Result: ${r.result.errors.length} error(s), ${r.result.warnings.length} warning(s)`}>
          <Stack sx={{ gap: 1 }}>
            {r.result.errors.map((e, i) => <Alert key={`e${i}`} severity="error" sx={{ wordBreak: 'break-word' }}>{e}</Alert>)}
            {r.result.warnings.map((w, i) => <Alert key={`w${i}`} severity="warning" sx={{ wordBreak: 'break-word' }}>{w}</Alert>)}
            {Object.entries(r.result.attributes).map(([k, v]) => (
              <Typography key={k} variant="body2"><b>{k}</b>: <ValueView value={v} /></Typography>
            ))}
          </Stack>
        </Section>
      )}

      {(r.application || r.exchangeHosts.length > 0) && (
        <Section title="Exchange hosts">
          {r.exchangeHosts.length ? (
            <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap' }}>
              {r.exchangeHosts.map((h) => <Chip key={h} label={h} />)}
              <Button size="small" variant="outlined" onClick={() => nav.navigate('connectivity', { hosts: r.exchangeHosts })}>
                Check connectivity
              </Button>
            </Stack>
          ) : (
            <Typography variant="body2">None in the application's exchangeSettings.</Typography>
          )}
          {r.application && (
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              {r.application.name ? `Application ${r.application.name}. ` : 'Bare Map ($env:Application). '}
              {r.application.iqServiceHost && `IQService ${r.application.iqServiceHost}:${r.application.iqServicePort ?? '?'}${r.application.iqServiceTls ? ' (TLS)' : ''}. `}
              {r.application.nativeRules.length > 0 && `Native rules: ${r.application.nativeRules.join(', ')}.`}
            </Typography>
          )}
        </Section>
      )}

      {r.rule && (
        <Section title={`Rule ${r.rule.name ?? ''} (${r.rule.type ?? 'no type'})`}>
          <Typography variant="body2" sx={{ mb: 1 }}>
            ObjectOrientedScript: {String(r.rule.objectOrientedScript)} · timeout: {r.rule.timeout ?? 'not set (10 s)'} · disabled: {String(r.rule.disabled)} · program: {r.rule.program ?? '-'} · extension: {r.rule.extension ?? '-'}
          </Typography>
          <Box component="pre" sx={{ m: 0, p: 1.5, bgcolor: 'action.hover', borderRadius: 1, overflow: 'auto', maxHeight: 360, fontSize: 12.5 }}>{r.rule.source}</Box>
        </Section>
      )}

      {raws.length > 0 && (
        <Section title="Raw XML (read-only, secrets masked)">
          {raws.length > 1 && (
            <Tabs value={raws.includes(rawTab) ? rawTab : 'document'} onChange={(_e, v: Slot) => setRawTab(v)} sx={{ mb: 1 }}>
              {raws.map((k) => <Tab key={k} value={k} label={k} />)}
            </Tabs>
          )}
          <XmlView xml={r.raw![raws.includes(rawTab) ? rawTab : 'document'] ?? ''} label="Raw XML" />
        </Section>
      )}
    </Box>
  );
}

export default function PlansPage() {
  const nav = useNavigation();
  const [slots, setSlots] = useState<Record<Slot, SlotState>>({ document: EMPTY, result: EMPTY, application: EMPTY });
  const [routingDomain, setRoutingDomain] = useState('');
  const [showMore, setShowMore] = useState(false);
  const [result, setResult] = useState<PlanInspection | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState<Slot | null>(null);
  const fileInputs = { document: useRef<HTMLInputElement>(null), result: useRef<HTMLInputElement>(null), application: useRef<HTMLInputElement>(null) };
  const seq = useRef(0);
  const resultsRef = useRef<HTMLDivElement>(null);
  const scrollToResult = useRef(false);
  const [fromLog, setFromLog] = useState<IncomingPlan | null>(null);

  const inspect = useCallback(async (s: Record<Slot, SlotState>, domain: string) => {
    const document = toInput(s.document);
    if (!document) {
      setError('Paste, drop or open a document first.');
      return;
    }
    const mine = ++seq.current;
    setBusy(true);
    setError(null);
    try {
      const r = await hmc.call('plan.inspect', {
        document,
        result: toInput(s.result),
        application: toInput(s.application),
        routingDomain: domain.trim() || undefined,
        includeRaw: true,
      });
      if (mine === seq.current) setResult(r);
    } catch (e) {
      if (mine === seq.current) {
        setResult(null);
        setError((e as Error).message);
      }
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  }, []);

  const openDocument = useCallback(
    (text: string, resultText: string | null) => {
      const next = { document: { text, file: null }, result: resultText ? { text: resultText, file: null } : EMPTY, application: EMPTY };
      setSlots(next);
      if (resultText) setShowMore(true);
      void inspect(next, '');
    },
    [inspect],
  );

  // An incoming plan was opened: bring its decoded view into sight once it is there.
  useEffect(() => {
    if (result && scrollToResult.current) {
      scrollToResult.current = false;
      resultsRef.current?.scrollIntoView({ block: 'start' });
    }
  }, [result]);

  // Arriving from another page (e.g. a log entry) with a document.
  useEffect(() => {
    const h = nav.takeHandover();
    if (h?.planText) {
      setFromLog(null);
      openDocument(h.planText, h.resultText ?? null);
    }
  }, [nav, openDocument]);

  const setSlot = (slot: Slot, value: SlotState) => {
    setSlots((prev) => ({ ...prev, [slot]: value }));
    setFromLog(null);
  };

  const takeFile = async (slot: Slot, file: File) => {
    try {
      const base64 = await fileToBase64(file);
      const next = { ...slots, [slot]: { text: '', file: { name: file.name, base64 } } };
      setSlots(next);
      if (slot === 'document' || next.document.text || next.document.file) void inspect(next, routingDomain);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const onDrop = (slot: Slot) => (e: DragEvent) => {
    e.preventDefault();
    setDragging(null);
    const file = e.dataTransfer.files[0];
    if (file) void takeFile(slot, file);
    else {
      const text = e.dataTransfer.getData('text/plain');
      if (text) setSlot(slot, { text, file: null });
    }
  };

  const slotBox = (slot: Slot, rows: number) => {
    const s = slots[slot];
    return (
      <Box
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(slot);
        }}
        onDragLeave={() => setDragging(null)}
        onDrop={onDrop(slot)}
        sx={{ outline: dragging === slot ? '2px dashed' : 'none', outlineColor: 'primary.main', borderRadius: 1 }}
      >
        {s.file ? (
          <Stack direction="row" sx={{ alignItems: 'center', gap: 1, py: 1 }}>
            <Chip label={`${SLOT_LABEL[slot].split(' (')[0]}: ${s.file.name}`} onDelete={() => setSlot(slot, EMPTY)} />
          </Stack>
        ) : (
          <TextField
            label={SLOT_LABEL[slot]}
            multiline
            minRows={rows}
            maxRows={rows * 2}
            fullWidth
            value={s.text}
            onChange={(e) => setSlot(slot, { text: e.target.value, file: null })}
            slotProps={{ htmlInput: { spellCheck: false, 'data-testid': `plan-input-${slot}`, style: { fontFamily: 'monospace', fontSize: 12.5 } } }}
            placeholder={slot === 'document' ? 'Paste XML here, or drop a file on this box' : 'Paste or drop a file'}
          />
        )}
        <input
          ref={fileInputs[slot]}
          type="file"
          accept=".xml,.txt,.log,text/xml,text/plain"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void takeFile(slot, f);
            e.target.value = '';
          }}
        />
        <Button size="small" sx={{ mt: 0.5 }} onClick={() => fileInputs[slot].current?.click()}>Open file…</Button>
      </Box>
    );
  };

  return (
    <Box sx={{ p: 3, maxWidth: 1280 }}>
      <Typography variant="h5" component="h2" sx={{ mb: 1 }}>Plan inspector</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Decodes IdentityIQ / IQService XML (ProvisioningPlan, AccountRequest, ServiceResult, Application, Rule) and explains what the
        after-create and after-modify mailbox rules would do. Secrets are masked; nothing is changed anywhere.
      </Typography>
      <IncomingPlans
        onOpen={(p) => {
          if (p.requestXml) {
            scrollToResult.current = true;
            setFromLog(p);
            openDocument(p.requestXml, p.resultXml);
          }
        }}
      />
      <Paper variant="outlined" sx={{ p: 2, mb: 3 }}>
        <Stack sx={{ gap: 1.5 }}>
          {slotBox('document', 8)}
          {showMore ? (
            <>
              {slotBox('result', 3)}
              {slotBox('application', 3)}
              <TextField
                size="small"
                label="Routing domain (default: exchange.routingDomain from the settings)"
                value={routingDomain}
                onChange={(e) => setRoutingDomain(e.target.value)}
                placeholder="contoso.mail.onmicrosoft.com"
                sx={{ maxWidth: 520 }}
              />
            </>
          ) : (
            <Box>
              <Button size="small" onClick={() => setShowMore(true)}>Add $env:Result, $env:Application or a routing domain…</Button>
            </Box>
          )}
          <Stack direction="row" sx={{ gap: 1 }}>
            <Button variant="contained" disabled={busy} onClick={() => void inspect(slots, routingDomain)}>{busy ? 'Inspecting…' : 'Inspect'}</Button>
            <Button
              onClick={() => {
                setSlots({ document: EMPTY, result: EMPTY, application: EMPTY });
                setFromLog(null);
                setResult(null);
                setError(null);
              }}
            >
              Clear
            </Button>
          </Stack>
        </Stack>
      </Paper>
      {error && <Alert severity="error" sx={{ mb: 2 }} data-testid="plan-error">{error}</Alert>}
      <Box ref={resultsRef} sx={{ scrollMarginTop: 16 }}>
        {result && (
          <>
            <Divider sx={{ mb: 2 }} />
            {fromLog && (
              <Alert severity={fromLog.outcome === 'failed' ? 'error' : fromLog.outcome === 'succeeded' ? 'success' : 'info'} sx={{ mb: 2 }} data-testid="incoming-context">
                Logged {fromLog.time?.replace('T', ' ') ?? ''} in {fromLog.file}. The log shows it <b>{fromLog.outcome}</b>
                {fromLog.evidence ? `: ${fromLog.evidence}` : '.'}
              </Alert>
            )}
            <Results r={result} />
          </>
        )}
      </Box>
    </Box>
  );
}
