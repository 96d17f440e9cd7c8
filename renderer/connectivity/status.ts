import type { HostResult, LayerName } from '../../shared/connectivity/schemas';
import { LAYERS } from '../../shared/connectivity/schemas';

export function ms(v: number | null): string {
  return v === null ? '–' : `${Math.round(v)} ms`;
}

/** The layers present in these hosts, in the fixed layer order. */
export function layerColumns(hosts: HostResult[]): LayerName[] {
  const present = new Set(hosts.flatMap((h) => h.layers.map((l) => l.layer)));
  return LAYERS.filter((l) => present.has(l));
}

/** A stable key for a host across runs (same role, name and ports). */
export function hostKey(h: HostResult): string {
  return `${h.role}|${h.target.name.toLowerCase()}|${h.target.port}|${h.target.tlsPort}`;
}
