/**
 * hmc config get / set: the settings from a terminal. A path setting (shared/settings/paths.ts) is set
 * through settings.choosePath with the command line as its authority: the value is the admin's own, checked
 * (exists, is a file or folder) and confirmed on a terminal unless --yes. Any other key goes through
 * settings.update and its validation.
 */
import { HmcError } from '../../../shared/errors';
import { PATH_KEYS, type PathKey } from '../../../shared/settings/paths';
import { commandLineAuthority } from '../../core/authority';
import { usageError, type Command } from '../framework';

const CLI = { door: 'cli' } as const;

function isPathKey(key: string): key is PathKey {
  return (PATH_KEYS as readonly string[]).includes(key);
}

/** The value a key holds in a settings document, or undefined when there is no such key. */
function lookUp(doc: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((v, part) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[part] : undefined), doc);
}

/** A typed value: JSON when it parses (numbers, true/false, null, arrays), a comma list for a list key, else the text. */
function parseValue(text: string, current: unknown): unknown {
  if (typeof current === 'string') return text === 'null' ? null : text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: plain text, which is what most values are.
    return Array.isArray(current) ? text.split(',').map((v) => v.trim()).filter(Boolean) : text;
  }
}

function withValue(doc: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = key.split('.');
  if (!head) return doc;
  if (!rest.length) return { ...doc, [head]: value };
  const inner = doc[head];
  return { ...doc, [head]: withValue(inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : {}, rest.join('.'), value) };
}

export const configCommands: Command[] = [
  {
    path: ['config', 'get'],
    usage: 'hmc config get [KEY] [--json]',
    summary: 'The settings, or one of them (e.g. exchange.routingDomain).',
    positionals: { min: 0, max: 1 },
    async run(ctx) {
      const core = await ctx.core();
      const settings = await core.router.invoke('settings.get', {}, CLI);
      const key = ctx.args.positionals[0];
      if (!key) return { value: settings, human: JSON.stringify(settings, null, 2) };
      const value = lookUp(settings, key);
      if (value === undefined) throw usageError(`There is no setting ${key}; "hmc config get" lists them all.`);
      return { value, human: typeof value === 'string' ? value : JSON.stringify(value, null, 2) };
    },
  },
  {
    path: ['config', 'set'],
    usage: 'hmc config set KEY VALUE [--source NAME | --add NAME --pattern P] [--yes]',
    summary: 'Set one setting; a path (powershell.path, exchange.sandboxDirectory, logs.sources[].folder, connectivity.extraCaFiles) is checked and confirmed.',
    positionals: { min: 2, max: 2 },
    options: { source: { type: 'string' }, add: { type: 'string' }, pattern: { type: 'string' } },
    async run(ctx) {
      const [key = '', text = ''] = ctx.args.positionals;
      const core = await ctx.core();
      if (isPathKey(key)) {
        core.services.authorities.set('cli', commandLineAuthority((q) => ctx.confirm(q)));
        const { source, add, pattern } = ctx.args.values as { source?: string; add?: string; pattern?: string };
        if (key === 'logs.sources[].folder' && !source && !(add && pattern)) {
          throw usageError('Say which log source the folder is for (--source NAME), or add one (--add NAME --pattern FILE-PATTERN).');
        }
        const r = await core.router.invoke(
          'settings.choosePath',
          { key, proposed: text, ...(source ? { source } : {}), ...(add && pattern ? { add: { name: add, pattern, enabled: true } } : {}) },
          CLI,
        );
        if (r.chosen === null) throw new HmcError('CANCELLED', r.message);
        return { value: r.settings, human: r.message };
      }
      const current = await core.router.invoke('settings.get', {}, CLI);
      const before = lookUp(current, key);
      if (before === undefined) throw usageError(`There is no setting ${key}; "hmc config get" lists them all.`);
      if (before !== null && typeof before === 'object' && !Array.isArray(before)) throw usageError(`${key} is a group of settings; set one of its fields (hmc config get ${key}).`);
      const next = withValue(current as unknown as Record<string, unknown>, key, parseValue(text, before));
      const saved = await core.router.invoke('settings.update', next as typeof current, CLI);
      const now = lookUp(saved, key);
      return { value: saved, human: `${key} is now ${typeof now === 'string' ? now : JSON.stringify(now)}.` };
    },
  },
];
