/**
 * Incoming plans: every request/result XML pair the rules logged (`Request Object :: <xml>` then
 * `Result Object :: <xml>`), paired per run, explained by the plan inspector, with what the entries after the
 * request show (a success line such as "Remote mailbox enabled", a failure such as "Cannot create mailbox").
 *
 * Runs are told apart by the user the entries name (IQService may run rules for several users at once and
 * their lines can interleave); an entry naming no user belongs to the newest open run; `Finished ...` closes
 * a run. Files are streamed entry by entry (parseFile); only the newest `limit` pairs per file are kept, and
 * only the newest `limit` overall are inspected. The raw XML never leaves this module: the answer carries the
 * inspector's masked XML.
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { HmcError, isHmcError } from '../../../shared/errors';
import { entryMatchesUser, extractXml, type ParsedEntry } from '../../../shared/logs/parse';
import { compilePattern, fileNameFor, formatLocalDate, hasDateTokens, localDateOf, parseLocalDate, type LocalDate } from '../../../shared/logs/pattern';
import { inspectPlan } from '../../../shared/plans';
import { maskLogText } from '../../../shared/secrets';
import type { Settings } from '../../../shared/settings/schema';
import type { IncomingPlan } from '../../../shared/logs/schemas';
import { parseResultLine, resultSucceeded } from '../../../shared/rules/result-line';
import type { Decision, PlanInspection } from '../../../shared/plans/schemas';
import { NO_DIAGNOSTICS, type Diagnostics } from '../../core/diagnostics';
import { parseFile } from './entries';
import { statIfExists } from './files';
import { fileError } from './reader';
import { inFolder } from './access';

export interface IncomingDeps {
  settings: () => Promise<Settings>;
  clock?: () => Date;
  /** Source files that cannot be looked at are skipped and written here. */
  diagnostics?: Diagnostics;
}

export interface IncomingInput {
  source?: string;
  path?: string;
  date?: string;
  days: number;
  limit: number;
  withoutXml: boolean;
}

type RuleName = 'ConnectorAfterCreate' | 'ConnectorAfterModify';

/** Lines the rules write when the mailbox action worked (never checked on an error-level entry). */
const SUCCESS =
  /\b(?:remote mailbox (?:enabled|created|hidden)|(?:enabled|created) (?:the )?remote mailbox|mailbox (?:enabled|created|hidden)|hidden from (?:the )?(?:global )?address lists?|HiddenFromAddressListsEnabled (?:set|is now)|(?:completed|succeeded|done) successfully|successfully (?:enabled|created|hidden|completed))\b/i;
const FINISHED = /^\s*(?:Finished|Completed|Ended|Ending)\b/i;
const RULE_HINT = /\bConnectorAfter(Create|Modify)\b/i;
const MAX_OPEN_RUNS = 64;
const MAX_EVIDENCE = 400;

interface Target {
  path: string;
  source: string | null;
}

interface Run {
  file: string;
  source: string | null;
  seq: number;
  offset: number;
  time: string | null;
  requestXml: string;
  result: { offset: number; xml: string } | null;
  /** Lower-cased names the run's entries may use: sAMAccountName, DN, the entry's user. */
  keys: string[];
  rule: RuleName | null;
  outcome: IncomingPlan['outcome'];
  evidence: string | null;
  evidenceTime: string | null;
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  const line = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  const masked = maskLogText(line);
  return masked.length > MAX_EVIDENCE ? `${masked.slice(0, MAX_EVIDENCE)}…` : masked;
}

function ruleOf(text: string): RuleName | null {
  const m = RULE_HINT.exec(text.length > 4096 ? text.slice(0, 4096) : text);
  if (!m) return null;
  return m[1]!.toLowerCase() === 'create' ? 'ConnectorAfterCreate' : 'ConnectorAfterModify';
}

function xmlAttr(xml: string, name: string): string | null {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(xml.slice(0, 65_536));
  const v = m ? (m[1] ?? m[2] ?? '') : '';
  return v ? v.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : null;
}

function samOf(xml: string): string | null {
  const m = /name\s*=\s*["']sAMAccountName["'][^>]*?value\s*=\s*["']([^"']+)["']/i.exec(xml.slice(0, 262_144));
  return m?.[1] ?? null;
}

function addDays(d: LocalDate, delta: number): LocalDate {
  return localDateOf(new Date(d.year, d.month - 1, d.day + delta));
}

async function isFile(path: string, diagnostics: Diagnostics): Promise<{ mtime: number } | null> {
  const st = await statIfExists(path, diagnostics);
  return st?.isFile() ? { mtime: st.mtimeMs } : null;
}

/** The files to scan, newest day first: a given file, or the configured sources' files for the days asked. */
async function targets(settings: Settings, input: IncomingInput, now: Date, diagnostics: Diagnostics): Promise<Target[]> {
  if (input.path && input.source) throw new HmcError('INVALID_INPUT', 'Give either a file path or a source name, not both.');
  if (input.path) {
    const st = await stat(input.path).catch((e: unknown) => {
      throw fileError(input.path!, e);
    });
    if (!st.isFile()) throw new HmcError('FILE_UNREADABLE', `${input.path} is a folder, not a log file; pick a file.`);
    return [{ path: input.path, source: null }];
  }
  const newest = input.date ? parseLocalDate(input.date) : localDateOf(now);
  if (!newest) throw new HmcError('INVALID_INPUT', `The date ${input.date} is not yyyy-MM-dd.`);
  let sources = settings.logs.sources.filter((s) => s.enabled);
  if (input.source) {
    const wanted = input.source.toLowerCase();
    sources = settings.logs.sources.filter((s) => s.name.toLowerCase() === wanted);
    if (!sources.length) {
      const names = settings.logs.sources.map((s) => s.name).join(', ') || 'none configured';
      throw new HmcError('INVALID_INPUT', `There is no log source named "${input.source}" (sources: ${names}); check the name or add it in Settings > Logs.`);
    }
  }
  const oldest = addDays(newest, -(input.days - 1));
  const windowStart = new Date(oldest.year, oldest.month - 1, oldest.day).getTime();
  const windowEnd = new Date(newest.year, newest.month - 1, newest.day + 1).getTime();
  const seen = new Set<string>();
  const out: Target[] = [];
  const push = (path: string, source: string) => {
    const key = path.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path, source });
  };
  for (let back = 0; back < input.days; back++) {
    const day = addDays(newest, -back);
    for (const src of sources) {
      if (!hasDateTokens(src.pattern)) continue;
      const path = join(src.folder, fileNameFor(src.pattern, day));
      // The pattern must give back the same date (guards odd patterns).
      const d = compilePattern(src.pattern)(basename(path));
      if (!d || formatLocalDate(d) !== formatLocalDate(day)) continue;
      if ((await isFile(path, diagnostics)) && (await inFolder(path, src.folder))) push(path, src.name);
    }
  }
  // Fixed files (IQTrace.log): only when written within the window.
  for (const src of sources) {
    if (hasDateTokens(src.pattern)) continue;
    const path = join(src.folder, src.pattern);
    const st = (await inFolder(path, src.folder)) ? await isFile(path, diagnostics) : null;
    if (st && st.mtime >= windowStart && st.mtime < windowEnd + 86_400_000) push(path, src.name);
  }
  return out;
}

/** Pairs the request/result entries of one file; keeps the newest `keep` runs. */
async function scanFile(
  target: Target,
  keep: number,
  signal: AbortSignal | undefined,
): Promise<{ runs: Run[]; found: number }> {
  const open: Run[] = [];
  const done: Run[] = [];
  let found = 0;
  let seq = 0;
  let recentRule: { rule: RuleName; user: string | null } | null = null;
  const fileRule = ruleOf(basename(target.path));

  const finish = (run: Run) => {
    const i = open.indexOf(run);
    if (i >= 0) open.splice(i, 1);
    done.push(run);
    if (done.length > keep) done.shift();
  };
  const belongs = (run: Run, e: ParsedEntry): boolean => {
    if (!e.user) return true;
    return run.keys.some((k) => entryMatchesUser(e.user, e.message.length > 4096 ? e.message.slice(0, 4096) : e.message, k));
  };
  const runFor = (e: ParsedEntry): Run | null => {
    for (let i = open.length - 1; i >= 0; i--) if (belongs(open[i]!, e)) return open[i]!;
    return null;
  };

  const onEntry = (e: ParsedEntry): boolean => {
    if (signal?.aborted) return false;
    const xml = e.xml ? extractXml(e.message) : null;
    if (e.xml === 'request' && xml) {
      found++;
      const sam = samOf(xml);
      const dn = xmlAttr(xml, 'nativeIdentity');
      const keys = [...new Set([sam, dn, e.user].filter((k): k is string => !!k).map((k) => k.toLowerCase()))];
      // A new request for a user closes that user's previous run.
      for (const run of [...open]) if (keys.some((k) => run.keys.includes(k))) finish(run);
      const hinted = recentRule && (!recentRule.user || keys.includes(recentRule.user.toLowerCase())) ? recentRule.rule : null;
      open.push({
        file: target.path,
        source: target.source,
        seq: seq++,
        offset: e.offset,
        time: e.time,
        requestXml: xml,
        result: null,
        keys,
        rule: hinted ?? fileRule,
        outcome: 'unknown',
        evidence: null,
        evidenceTime: null,
      });
      recentRule = null;
      if (open.length > MAX_OPEN_RUNS) finish(open[0]!);
      return true;
    }
    if (e.xml === 'result' && xml) {
      // The run whose user the result names, else the newest run still waiting for its result (a
      // result's text often names other objects, e.g. in its error messages).
      const waiting = open.filter((run) => !run.result);
      const run = (e.user ? [...waiting].reverse().find((w) => belongs(w, e)) : undefined) ?? waiting[waiting.length - 1];
      if (run) run.result = { offset: e.offset, xml };
      return true;
    }
    const hint = ruleOf(e.message);
    const run = runFor(e);
    if (!run) {
      if (hint) recentRule = { rule: hint, user: e.user };
      return true;
    }
    // The generated rules (Rule kit) end each run with a machine-readable RESULT line: it decides.
    const ended = parseResultLine(e.message);
    if (ended) {
      run.rule ??= ended.rule;
      run.outcome = resultSucceeded(ended) ? 'succeeded' : 'failed';
      run.evidence = firstLine(e.message);
      run.evidenceTime = e.time;
      finish(run);
      return true;
    }
    if (hint && FINISHED.test(e.message)) {
      if (!run.rule) run.rule = hint;
      finish(run);
      return true;
    }
    if (hint && /^\s*Start/i.test(e.message)) {
      // "Starting ConnectorAfterX for ..." of the next run (its request follows).
      recentRule = { rule: hint, user: e.user };
      return true;
    }
    if (hint && !run.rule) run.rule = hint;
    if (e.level === 'error') {
      run.outcome = 'failed';
      run.evidence = firstLine(e.message);
      run.evidenceTime = e.time;
    } else if (SUCCESS.test(e.message)) {
      run.outcome = 'succeeded';
      run.evidence = firstLine(e.message);
      run.evidenceTime = e.time;
    }
    return true;
  };

  try {
    await parseFile(target.path, { onEntry });
  } catch (e) {
    // A source's file deleted or rotated away between listing and reading: nothing in it.
    if (target.source !== null && isHmcError(e) && e.code === 'FILE_NOT_FOUND') return { runs: [], found: 0 };
    throw e;
  }
  for (const run of [...open]) finish(run);
  return { runs: done, found };
}

function pickDecision(insp: PlanInspection, rule: RuleName | null): Decision | null {
  const pool = rule ? insp.decisions.filter((d) => d.rule === rule) : insp.decisions;
  const from = pool.length ? pool : insp.decisions;
  return from.find((d) => d.action !== 'none') ?? from[0] ?? null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

function describe(run: Run, settings: Settings, withoutXml: boolean): IncomingPlan {
  let insp: PlanInspection | null = null;
  const problems: string[] = [];
  const routingDomain = settings.exchange.routingDomain;
  const base = { routingDomain, routingDomainSource: 'settings' as const, includeRaw: !withoutXml };
  try {
    insp = inspectPlan({ ...base, document: run.requestXml, result: run.result?.xml ?? null });
  } catch (e) {
    if (run.result) {
      try {
        insp = inspectPlan({ ...base, document: run.requestXml });
        problems.push(`The logged result could not be read (${(e as Error).message})`);
      } catch (e2) {
        problems.push((e2 as Error).message);
      }
    } else {
      problems.push((e as Error).message);
    }
  }
  const req = insp?.accountRequests[0] ?? null;
  const decision = insp ? pickDecision(insp, run.rule) : null;
  const samAttr = req?.attributeRequests.find((a) => a.name.toLowerCase() === 'samaccountname')?.value;
  const resultErrors = insp?.result?.errors.length ?? 0;
  let outcome = run.outcome;
  let evidence = run.evidence;
  let evidenceTime = run.evidenceTime;
  if (outcome === 'unknown') {
    if (resultErrors > 0) {
      outcome = 'failed';
      evidence = `The logged ServiceResult reports ${resultErrors} error(s): ${maskLogText(insp!.result!.errors[0]!).slice(0, MAX_EVIDENCE)}`;
      evidenceTime = run.time;
    } else {
      evidence =
        decision?.action === 'none'
          ? 'No success or failure line follows the request; the rule decided to do nothing.'
          : 'No success or failure line follows the request in the log.';
    }
  }
  return {
    id: `${run.file}#${run.offset}`,
    file: run.file,
    source: run.source,
    offset: run.offset,
    resultOffset: run.result?.offset ?? null,
    time: run.time,
    user: decision?.identity ?? str(samAttr) ?? req?.nativeIdentity ?? run.keys[0] ?? null,
    nativeIdentity: req?.nativeIdentity ?? null,
    application: req?.application ?? null,
    operation: req?.op ?? null,
    flow: str(req?.arguments.flow) ?? str(insp?.plan?.arguments.flow),
    rule: run.rule,
    decision: decision
      ? { rule: decision.rule, action: decision.action, identity: decision.identity, remoteRoutingAddress: decision.remoteRoutingAddress, reason: decision.reason }
      : null,
    resultErrors,
    outcome,
    evidence: evidence ?? '',
    evidenceTime,
    problem: problems.length ? maskLogText(problems.join('; ')) : null,
    requestXml: insp?.raw?.document ?? null,
    resultXml: insp?.raw?.result ?? null,
  };
}

export async function incomingPlans(deps: IncomingDeps, input: IncomingInput, signal?: AbortSignal) {
  const settings = await deps.settings();
  const now = (deps.clock ?? (() => new Date()))();
  const files = await targets(settings, input, now, deps.diagnostics ?? NO_DIAGNOSTICS);
  const all: Run[] = [];
  let found = 0;
  for (const t of files) {
    if (signal?.aborted) throw new HmcError('CANCELLED', 'Reading the incoming plans was cancelled.');
    const r = await scanFile(t, input.limit, signal);
    found += r.found;
    all.push(...r.runs);
  }
  const order = new Map(files.map((f, i) => [f.path, i]));
  all.sort((a, b) => {
    if (a.time !== b.time) {
      if (a.time === null) return 1;
      if (b.time === null) return -1;
      return a.time < b.time ? 1 : -1;
    }
    return (order.get(a.file)! - order.get(b.file)!) || b.seq - a.seq;
  });
  const chosen = all.slice(0, input.limit);
  return {
    plans: chosen.map((run) => describe(run, settings, input.withoutXml)),
    files: files.map((f) => f.path),
    found,
    truncated: found > chosen.length,
  };
}
