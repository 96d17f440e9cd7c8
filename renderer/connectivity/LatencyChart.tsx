/** A small hand-made SVG chart: one host's total check time over the last runs, dots coloured by verdict. */
import type { Verdict } from '../../shared/connectivity/schemas';
import { consoleVar, statusVar } from '../app/theme';

export interface LatencyPoint {
  at: string;
  ms: number;
  verdict: Verdict;
}

export function LatencyChart({ points, width = 180, height = 40, label }: { points: LatencyPoint[]; width?: number; height?: number; label: string }) {
  const pad = 4;
  if (points.length === 0) return null;
  const max = Math.max(...points.map((p) => p.ms), 1);
  const step = points.length > 1 ? (width - 2 * pad) / (points.length - 1) : 0;
  const xy = points.map((p, i) => ({
    x: pad + (points.length > 1 ? i * step : (width - 2 * pad) / 2),
    y: height - pad - (p.ms / max) * (height - 2 * pad),
    p,
  }));
  return (
    <svg width={width} height={height} role="img" aria-label={`${label}: check time over the last ${points.length} runs`}>
      <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} style={{ stroke: consoleVar('chart-axis') }} strokeWidth={1} />
      {xy.length > 1 && (
        <polyline fill="none" style={{ stroke: consoleVar('chart-line') }} strokeWidth={1.5} points={xy.map((q) => `${q.x.toFixed(1)},${q.y.toFixed(1)}`).join(' ')} />
      )}
      {xy.map((q) => (
        <circle key={q.p.at} cx={q.x} cy={q.y} r={2.5} style={{ fill: statusVar(q.p.verdict) }}>
          <title>{`${new Date(q.p.at).toLocaleString()}: ${Math.round(q.p.ms)} ms, ${q.p.verdict}`}</title>
        </circle>
      ))}
    </svg>
  );
}
