/**
 * What the inspector found: the documents, findings, each account request with its decision cards
 * and attribute requests, the ServiceResult, the Exchange hosts, a Rule, and the masked raw XML.
 * Document text is only ever rendered as text.
 */
import { Alert, Box, Button, Chip, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import type { AccountRequestModel, PlanInspection } from '../../shared/plans/schemas';
import { useNavigation } from '../app/navigation';
import { AttributeTable } from './AttributeTable';
import { DecisionCard } from './DecisionCard';
import { RawXml } from './RawXml';
import { Section } from './Section';
import { ValueView } from './ValueView';

function requestSummary(a: AccountRequestModel): string {
  const sam = a.attributeRequests.find((x) => x.name.toLowerCase() === 'samaccountname')?.value;
  const who = typeof sam === 'string' ? `${sam} (${a.nativeIdentity ?? 'no nativeIdentity'})` : (a.nativeIdentity ?? '(no nativeIdentity)');
  return `${a.op}${a.opDefaulted ? ' (default)' : ''} ${who} on ${a.application ?? '(no application)'} — ${a.attributeRequests.length} attribute request(s)${a.provisioningResult ? `, result ${a.provisioningResult}` : ''}`;
}

function Summary({ r }: { r: PlanInspection }) {
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
  return (
    <>
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
    </>
  );
}

function ServiceResultSection({ result }: { result: NonNullable<PlanInspection['result']> }) {
  return (
    <Section title={`Result: ${result.errors.length} error(s), ${result.warnings.length} warning(s)`}>
      <Stack sx={{ gap: 1 }}>
        {result.errors.map((e, i) => <Alert key={`e${i}`} severity="error" sx={{ wordBreak: 'break-word' }}>{e}</Alert>)}
        {result.warnings.map((w, i) => <Alert key={`w${i}`} severity="warning" sx={{ wordBreak: 'break-word' }}>{w}</Alert>)}
        {Object.entries(result.attributes).map(([k, v]) => (
          <Typography key={k} variant="body2"><b>{k}</b>: <ValueView value={v} /></Typography>
        ))}
      </Stack>
    </Section>
  );
}

function ExchangeHosts({ r }: { r: PlanInspection }) {
  const nav = useNavigation();
  return (
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
  );
}

function RuleSection({ rule }: { rule: NonNullable<PlanInspection['rule']> }) {
  return (
    <Section title={`Rule ${rule.name ?? ''} (${rule.type ?? 'no type'})`}>
      <Typography variant="body2" sx={{ mb: 1 }}>
        ObjectOrientedScript: {String(rule.objectOrientedScript)} · timeout: {rule.timeout ?? 'not set (10 s)'} · disabled: {String(rule.disabled)} · program: {rule.program ?? '-'} · extension: {rule.extension ?? '-'}
      </Typography>
      <Box component="pre" sx={{ m: 0, p: 1.5, bgcolor: 'action.hover', borderRadius: 1, overflow: 'auto', maxHeight: 360, fontSize: 12.5 }}>{rule.source}</Box>
    </Section>
  );
}

export function InspectionView({ r }: { r: PlanInspection }) {
  return (
    <Box>
      <Summary r={r} />
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
      {r.result && <ServiceResultSection result={r.result} />}
      {(r.application || r.exchangeHosts.length > 0) && <ExchangeHosts r={r} />}
      {r.rule && <RuleSection rule={r.rule} />}
      {r.raw && <RawXml raw={r.raw} />}
    </Box>
  );
}
