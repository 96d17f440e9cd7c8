/**
 * hmc audit list | export: the audit trail by user (sAMAccountName, UPN, GUID or a display-name
 * fragment), actor, operation, outcome and time range; as text, a JSON array of changes, or CSV.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { entryOf, type AuditEntry } from '../../../shared/audit/filter';
import { pairRecords } from '../../../shared/audit/records';
import { HmcError } from '../../../shared/errors';
import { localTime } from '../../../shared/time';
import { usageError, type CliContext, type Command, type OptionSpec } from '../framework';

const FILTER_OPTIONS: OptionSpec = {
  user: { type: 'string' },
  actor: { type: 'string' },
  op: { type: 'string' },
  outcome: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
};
const FILTER_USAGE = '[--user U] [--actor A] [--op OPERATION] [--since ISO] [--until ISO] [--outcome ok|failed|unfinished]';

function filterOf(ctx: CliContext) {
  const v = ctx.args.values;
  const text = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const outcome = text('outcome');
  if (outcome !== undefined && !['ok', 'failed', 'unfinished'].includes(outcome)) {
    throw usageError(`--outcome must be ok, failed or unfinished (got "${outcome.slice(0, 20)}").`);
  }
  return {
    user: text('user'),
    actor: text('actor'),
    op: text('op'),
    outcome: outcome as 'ok' | 'failed' | 'unfinished' | undefined,
    since: text('since'),
    until: text('until'),
  };
}

/** One line per change: local time with its zone, outcome, operation, who it was about, the actor, the error. */
function line(e: AuditEntry): string {
  const when = e.started ?? e.ended;
  const who = [e.displayName, e.samAccountName ?? e.identity].filter(Boolean).join(' / ') || '?';
  return `${when ? localTime(when) : '?'}  ${e.outcome.padEnd(10)} ${e.op.padEnd(26)} ${who}  by ${e.actor ?? '?'} (${e.door})${e.error ? `  ${e.error.code}: ${e.error.message}` : ''}${
    e.reconciled ? `  interrupted; read back: ${e.reconciled.outcome ?? 'unknown'}. ${e.reconciled.note}` : !e.ended ? '  (running, or its process has not been reconciled yet)' : ''
  }`;
}

export const auditCommands: Command[] = [
  {
    path: ['audit', 'list'],
    usage: `hmc audit list ${FILTER_USAGE} [--json]`,
    summary: 'The changes made through the console, newest first; --json prints them as a JSON array.',
    options: FILTER_OPTIONS,
    async run(ctx) {
      const core = await ctx.core();
      const r = await core.router.invoke('audit.list', { ...filterOf(ctx), limit: 10_000 }, { door: 'cli' });
      const entries = pairRecords(r.records).map(entryOf);
      return { value: entries, human: entries.length ? entries.map(line).join('\n') : `No change in ${r.file} matches.` };
    },
  },
  {
    path: ['audit', 'export'],
    usage: `hmc audit export --csv FILE ${FILTER_USAGE}`,
    summary: 'Write the changes a filter finds to a CSV file (ISO times; cells a spreadsheet would read as formulas escaped).',
    options: { ...FILTER_OPTIONS, csv: { type: 'string' } },
    async run(ctx) {
      const file = ctx.args.values.csv;
      if (typeof file !== 'string' || !file) throw usageError('Give the file to write: hmc audit export --csv FILE.');
      const core = await ctx.core();
      const r = await core.router.invoke('audit.export', filterOf(ctx), { door: 'cli' });
      const path = resolve(file);
      try {
        await writeFile(path, r.csv, { encoding: 'utf8', mode: 0o600 });
      } catch (e) {
        throw new HmcError('FILE_UNREADABLE', `${path} could not be written (${(e as NodeJS.ErrnoException).code ?? 'error'}); choose a folder you may write to.`);
      }
      return { value: { file: path, changes: r.changes }, human: `${r.changes} change${r.changes === 1 ? '' : 's'} written to ${path}.` };
    },
  },
];
