/** Shared by the benchmarks: one JSON line per figure, ratio = value / baseline. */
export function emit(name: string, value: number, unit: string, baseline: number, extra: Record<string, unknown> = {}): void {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  process.stdout.write(
    `${JSON.stringify({ name, value: round(value), unit, baseline: round(baseline), ratio: round(value / baseline), ...extra })}\n`,
  );
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
