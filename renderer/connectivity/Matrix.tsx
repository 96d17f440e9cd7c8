/**
 * Hosts by layers: a coloured cell with latency per layer; a row opens into its step tree (its
 * arrow button, or the row itself: click, Enter or Space).
 */
import { Alert, Box, Button, Collapse, IconButton, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Fragment, useState } from 'react';
import type { CheckStep, HostResult, LayerResult } from '../../shared/connectivity/schemas';
import { layerColumns, ms } from './status';
import { activatableRow, rowFocusRing } from '../app/rows';
import { statusColour } from '../app/theme';

function Dot({ status }: { status: string }) {
  return <Box component="span" sx={{ display: 'inline-block', width: 10, height: 10, borderRadius: '50%', bgcolor: statusColour(status), mr: 1, flexShrink: 0 }} />;
}

function value(v: unknown): string {
  if (v === null || v === undefined) return '';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

function StepItem({ step }: { step: CheckStep }) {
  const data = Object.entries(step.data ?? {}).filter(([, v]) => value(v) !== '');
  return (
    <Box component="li" sx={{ mb: 0.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center' }}>
        <Dot status={step.status} />
        <Typography variant="body2" component="span" sx={{ fontWeight: 500, mr: 1 }}>
          {step.name}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {step.status} · {ms(step.latencyMs)}
        </Typography>
      </Box>
      <Typography variant="body2" sx={{ ml: 2.5 }}>
        {step.detail}
      </Typography>
      {data.length > 0 && (
        <Box component="dl" sx={{ ml: 2.5, my: 0.5, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, fontSize: 12 }}>
          {data.map(([k, v]) => (
            <Fragment key={k}>
              <Box component="dt" sx={{ color: 'text.secondary' }}>
                {k}
              </Box>
              <Box component="dd" sx={{ m: 0, fontFamily: 'monospace', wordBreak: 'break-all' }}>
                {value(v)}
              </Box>
            </Fragment>
          ))}
        </Box>
      )}
    </Box>
  );
}

function LayerItem({ layer }: { layer: LayerResult }) {
  return (
    <Box component="li" sx={{ mb: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'center' }}>
        <Dot status={layer.status} />
        <Typography variant="subtitle2" component="span" sx={{ mr: 1, textTransform: 'uppercase' }}>
          {layer.layer}
        </Typography>
        <Typography variant="caption" color="text.secondary" sx={{ mr: 1 }}>
          {layer.status} · {ms(layer.latencyMs)}
        </Typography>
        <Typography variant="body2">{layer.detail}</Typography>
      </Box>
      {layer.steps.length > 0 && (
        <Box component="ul" sx={{ listStyle: 'none', pl: 3, mt: 0.5 }}>
          {layer.steps.map((s, i) => (
            <StepItem key={`${s.name}-${i}`} step={s} />
          ))}
        </Box>
      )}
    </Box>
  );
}

export function Matrix({ hosts, busy, onRerun }: { hosts: HostResult[]; busy: Set<string>; onRerun: (h: HostResult) => void }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const columns = layerColumns(hosts);
  const toggle = (i: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });
  return (
    <Table size="small" data-testid="connectivity-matrix" aria-label="Hosts by layers">
      <TableHead>
        <TableRow>
          <TableCell sx={{ width: 32 }} />
          <TableCell>Host</TableCell>
          <TableCell>Verdict</TableCell>
          {columns.map((c) => (
            <TableCell key={c} sx={{ textTransform: 'uppercase' }}>
              {c}
            </TableCell>
          ))}
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {hosts.map((h, i) => (
          <Fragment key={`${h.host}-${h.role}-${i}`}>
            <TableRow hover data-testid={`host-row-${i}`} data-verdict={h.verdict} aria-expanded={open.has(i)} {...activatableRow(() => toggle(i))} sx={rowFocusRing}>
              <TableCell>
                <IconButton
                  size="small"
                  aria-label={open.has(i) ? `Hide steps of ${h.host}` : `Show steps of ${h.host}`}
                  aria-expanded={open.has(i)}
                  onClick={() => toggle(i)}
                >
                  {open.has(i) ? '▾' : '▸'}
                </IconButton>
              </TableCell>
              <TableCell>
                <Typography variant="body2" sx={{ fontWeight: 500 }}>
                  {h.host}
                </Typography>
                <Typography variant="caption" color="text.secondary">
                  {h.role}
                </Typography>
              </TableCell>
              <TableCell>
                <Box sx={{ display: 'flex', alignItems: 'center' }}>
                  <Dot status={h.verdict} />
                  <Typography variant="body2">{h.verdict}</Typography>
                </Box>
              </TableCell>
              {columns.map((c) => {
                const l = h.layers.find((x) => x.layer === c);
                return (
                  <TableCell key={c} title={l?.detail ?? ''} data-testid={`cell-${i}-${c}`} data-status={l?.status ?? 'none'}>
                    {l && (
                      <Box sx={{ bgcolor: statusColour(l.status), color: 'common.white', borderRadius: 1, px: 1, py: 0.25, fontSize: 12, textAlign: 'center', minWidth: 64 }}>
                        {l.status === 'skipped' ? 'skipped' : `${l.status} ${ms(l.latencyMs)}`}
                      </Box>
                    )}
                  </TableCell>
                );
              })}
              <TableCell>
                <Button size="small" disabled={busy.has(h.host)} onClick={() => onRerun(h)} aria-label={`Re-run ${h.host}`}>
                  {busy.has(h.host) ? 'Checking…' : 'Re-run'}
                </Button>
              </TableCell>
            </TableRow>
            <TableRow>
              <TableCell colSpan={columns.length + 4} sx={{ py: 0, borderBottom: open.has(i) ? undefined : 'none' }}>
                <Collapse in={open.has(i)} unmountOnExit>
                  <Box sx={{ py: 1 }} data-testid={`steps-${i}`}>
                    {h.firstFailure && (
                      <Alert severity="error" sx={{ mb: 1 }}>
                        <b>First failure: {h.firstFailure.layer}.</b> {h.firstFailure.hint}
                      </Alert>
                    )}
                    <Box component="ul" sx={{ listStyle: 'none', pl: 0, m: 0 }}>
                      {h.layers.map((l) => (
                        <LayerItem key={l.layer} layer={l} />
                      ))}
                    </Box>
                  </Box>
                </Collapse>
              </TableCell>
            </TableRow>
          </Fragment>
        ))}
      </TableBody>
    </Table>
  );
}
