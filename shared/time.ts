/**
 * The one way the console shows a time: local time with its zone, "2026-12-04 21:05:09 GMT+1"
 * (the same on every page and in the CLI's text). Exports and JSON keep ISO 8601 in UTC.
 */

/** `iso` (or epoch ms) as local time with the zone; the text as given when it is not a time. */
export function localTime(value: string | number, timeZone?: string): string {
  const d = new Date(value);
  if (!Number.isFinite(d.getTime())) return String(value);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(d);
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')} ${get('timeZoneName')}`.trim();
}

/** A local date-time input value ("2026-12-04T21:05") as ISO 8601 UTC, or null when empty or not a time. */
export function isoFromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}

