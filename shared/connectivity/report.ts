/**
 * Reports of a run for a ticket: JSON, and a self-contained HTML page. Every value that came from
 * the network or the user (host names, headers, certificate fields, messages) is escaped.
 */
import type { CheckRun, HostResult, LayerResult } from './schemas';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function reportFileName(run: CheckRun, ext: 'json' | 'html'): string {
  return `connectivity-${run.startedAt.replace(/[:.]/g, '-').replace(/Z$/, '')}.${ext}`;
}

export function jsonReport(run: CheckRun): string {
  return `${JSON.stringify(run, null, 2)}\n`;
}

/** Status colours shared by the page and the HTML report. */
export const STATUS_COLOURS: Record<string, string> = {
  pass: '#2e7d32',
  ok: '#2e7d32',
  warn: '#ed6c02',
  degraded: '#ed6c02',
  fail: '#d32f2f',
  failed: '#d32f2f',
  skipped: '#757575',
  info: '#0288d1',
};

function badge(status: string): string {
  const colour = STATUS_COLOURS[status] ?? '#757575';
  return `<span class="badge" style="background:${colour}">${escapeHtml(status)}</span>`;
}

function ms(v: number | null): string {
  return v === null ? '' : `${Math.round(v)} ms`;
}

function value(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => String(x)).join(', ');
  return String(v);
}

function layerBlock(l: LayerResult): string {
  const steps = l.steps
    .map((s) => {
      const data = s.data
        ? `<dl>${Object.entries(s.data)
            .filter(([, v]) => value(v) !== '')
            .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(value(v))}</dd>`)
            .join('')}</dl>`
        : '';
      return `<li>${badge(s.status)} <b>${escapeHtml(s.name)}</b> ${escapeHtml(ms(s.latencyMs))}<div>${escapeHtml(s.detail)}</div>${data}</li>`;
    })
    .join('');
  return `<li>${badge(l.status)} <b>${escapeHtml(l.layer)}</b> ${escapeHtml(ms(l.latencyMs))}: ${escapeHtml(l.detail)}${steps ? `<ul>${steps}</ul>` : ''}</li>`;
}

function hostBlock(h: HostResult): string {
  const failure = h.firstFailure
    ? `<p class="hint"><b>First failure: ${escapeHtml(h.firstFailure.layer)}.</b> ${escapeHtml(h.firstFailure.hint)}</p>`
    : '';
  return `<section><h2>${escapeHtml(h.host)} <small>(${escapeHtml(h.role)})</small> ${badge(h.verdict)}</h2>${failure}<ul>${h.layers.map(layerBlock).join('')}</ul></section>`;
}

export function htmlReport(run: CheckRun): string {
  const layers = [...new Set(run.hosts.flatMap((h) => h.layers.map((l) => l.layer)))];
  const head = `<tr><th>Host</th><th>Verdict</th>${layers.map((l) => `<th>${escapeHtml(l)}</th>`).join('')}</tr>`;
  const rows = run.hosts
    .map((h) => {
      const cells = layers
        .map((name) => {
          const l = h.layers.find((x) => x.layer === name);
          return l ? `<td>${badge(l.status)} ${escapeHtml(ms(l.latencyMs))}</td>` : '<td></td>';
        })
        .join('');
      return `<tr><td>${escapeHtml(h.host)}</td><td>${badge(h.verdict)}</td>${cells}</tr>`;
    })
    .join('');
  const notes = run.notes.length ? `<ul>${run.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Connectivity report ${escapeHtml(run.startedAt)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:24px;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
.badge{color:#fff;border-radius:4px;padding:1px 6px;font-size:12px}
.hint{background:#fdecea;padding:6px 10px;border-radius:4px}
dl{display:grid;grid-template-columns:max-content auto;gap:0 12px;font-size:12px;margin:4px 0}
dt{color:#555}dd{margin:0;word-break:break-all}
</style></head><body>
<h1>Connectivity report</h1>
<p>Run ${escapeHtml(run.id)}: started ${escapeHtml(run.startedAt)}, ${escapeHtml(String(Math.round(run.durationMs)))} ms, per-check timeout ${escapeHtml(String(run.timeoutMs))} ms, deadline ${escapeHtml(String(run.deadlineMs))} ms${run.deadlineHit ? ' (deadline reached)' : ''}; hosts from ${escapeHtml(run.source)}.</p>
${notes}
<table>${head}${rows}</table>
${run.hosts.map(hostBlock).join('\n')}
</body></html>
`;
}
