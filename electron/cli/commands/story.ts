/**
 * hmc story IDENTITY [--since DAY] [--until DAY] [--json] (also `hmc user story`): one user's story, the
 * verdict first, then the events oldest first with where each one's full record is.
 */
import type { StoryOutput } from '../../../shared/story/schemas';
import type { CliContext, Command } from '../framework';

const MARK = { succeeded: '[ ok ]', failed: '[FAIL]', unknown: '[ ?? ]', info: '[    ]' } as const;

export function formatStory(s: StoryOutput): string {
  const lines = [`${s.identity}: ${s.verdict.state}`, `  ${s.verdict.sentence}`];
  if (s.verdict.next.action !== 'none') lines.push(`  Next: ${s.verdict.next.label} (hmc mailbox ${s.verdict.next.action} ${s.identity})`);
  lines.push('', `Exchange now: ${s.meaning}`, '', `Events ${s.since} to ${s.until}, oldest first:`);
  for (const e of s.events) {
    lines.push(`${MARK[e.outcome]} ${e.time ? e.time.replace('T', ' ') : '(no time)'}  ${e.source.padEnd(8)} ${e.title}`);
    for (const d of e.details) lines.push(`         ${d}`);
    if (e.link?.file) lines.push(`         ${e.link.file} @ ${e.link.offset ?? 0}`);
  }
  for (const p of s.problems) lines.push('', `Not looked at: ${p}`);
  return lines.join('\n');
}

async function run(ctx: CliContext) {
  const core = await ctx.core();
  const str = (k: string) => (typeof ctx.args.values[k] === 'string' ? (ctx.args.values[k] as string) : undefined);
  const s = await core.router.invoke('story.get', { identity: ctx.args.positionals[0]!, since: str('since'), until: str('until') }, { door: 'cli' });
  return { value: s, human: formatStory(s) };
}

const options = { since: { type: 'string' }, until: { type: 'string' } } as const;
const summary = "One user's story: the provisioning requests and rule runs in the logs, the console's changes and the recipient now, with a verdict and the next step.";

export const storyCommands: Command[] = [
  { path: ['story'], usage: 'hmc story IDENTITY [--since yyyy-MM-dd] [--until yyyy-MM-dd] [--json]', summary, options, positionals: { min: 1, max: 1 }, run },
  { path: ['user', 'story'], usage: 'hmc user story IDENTITY [--since yyyy-MM-dd] [--until yyyy-MM-dd] [--json]', summary, options, positionals: { min: 1, max: 1 }, run },
];
