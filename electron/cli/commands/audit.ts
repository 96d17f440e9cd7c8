/** `hmc audit list`: the audit trail of changes, newest first, one line per change. */
import { pairRecords, targetOf, type AuditRow } from '../../../shared/audit/records';
import type { AuditListInput } from '../../../shared/audit/schemas';
import { HmcError } from '../../../shared/errors';
import type { z } from 'zod';
import type { Command } from '../framework';

/** What became of a change, in words: its end, else what its reconciliation read back, else that it has no end yet. */
export function stateOf(row: AuditRow): string {
  if (row.end) return row.end.outcome ?? 'ended';
  if (row.reconciled) return `unfinished, reconciled: ${row.reconciled.outcome ?? 'unknown'}${row.acknowledged ? ' (acknowledged)' : ''}`;
  return 'unfinished (running, or its process has not been reconciled yet)';
}

function line(row: AuditRow): string {
  const start = row.start;
  const text = `${start?.time ?? '?'}  ${(start?.op ?? row.end?.op ?? '?').padEnd(26)} ${targetOf(row).padEnd(22)} ${stateOf(row)}`;
  const note = row.reconciled?.note ?? row.end?.error?.message;
  return note && !row.end?.outcome?.startsWith('ok') ? `${text}\n    ${note}` : text;
}

export const auditCommands: Command[] = [
  {
    path: ['audit', 'list'],
    usage: 'hmc audit list [--outcome ok|error|unknown|applied|not-applied|unfinished] [--limit N]',
    summary: 'The audit trail of changes, newest first; --outcome unfinished: changes whose process ended before they did.',
    options: { outcome: { type: 'string' }, limit: { type: 'string' } },
    async run(ctx) {
      const limitText = ctx.args.values.limit as string | undefined;
      const limit = limitText === undefined ? 100 : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1) throw new HmcError('INVALID_INPUT', '--limit must be a whole number of at least 1.');
      const outcome = ctx.args.values.outcome as z.input<typeof AuditListInput>['outcome'];
      const core = await ctx.core();
      const r = await core.router.invoke('audit.list', { limit, ...(outcome === undefined ? {} : { outcome }) }, { door: 'cli' });
      const rows = pairRecords(r.records);
      return { value: r, human: rows.length ? rows.map(line).join('\n') : `No change in the audit trail ${r.file}${outcome ? ` with outcome ${outcome}` : ''}.` };
    },
  },
];
