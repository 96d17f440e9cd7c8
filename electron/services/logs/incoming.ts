/**
 * Incoming plans: every request/result XML pair the rules logged (`Request Object :: <xml>` then
 * `Result Object :: <xml>`), paired per run, explained by the plan inspector, with what the entries after the
 * request show (a success line such as "Remote mailbox enabled", a failure such as "Cannot create mailbox").
 *
 * Runs are the log's rule runs (shared/logs/runs.ts: interleaved runs told apart, each entry carrying its
 * run): a request belongs to its run, and the run's later entries decide its outcome; `Finished ...` or the
 * generated rules' RESULT line closes it. Files are streamed entry by entry (parseFile); only the newest `limit` pairs per file are kept, and
 * only the newest `limit` overall are inspected. The raw XML never leaves this module: the answer carries the
 * inspector's masked XML.
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { HmcError, isHmcError } from '../../../shared/errors';
import { extractXml, type ParsedEntry } from '../../../shared/logs/parse';
import type { RunEntry } from '../../../shared/logs/runs';
import { compilePattern, fileNameFor, formatLocalDate, hasDateTokens, localDateOf, parseLocalDate, type LocalDate } from '../../../shared/logs/pattern';
import { inspectPlan } from '../../../shared/plans';
import { maskLogText } from '../../../shared/secrets';
import type { Settings } from '../../../shared/settings/schema';
import type { IncomingPlan } from '../../../shared/logs/schemas';
import { parseResultLine, resultSucceeded } from '../../../shared/rules/result-line';
import type { Decision, PlanInspection } from '../../../shared/plans/schemas';
import { NO_DIAGNOSTICS, type Diagnostics } from '../../core/diagnostics';
import { compileFilter } from '../../../shared/logs/filter';
import { parseFile } from './entries';
import { searchFile } from './search';
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
  user?: string;
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
  user?: string,
): Promise<{ runs: Run[]; found: number }> {
  const done: Run[] = [];
  let found = 0;
  let seq = 0;
  const fileRule = ruleOf(basename(target.path));
  /** The open request of each rule run (shared/logs/runs.ts), and the rule each run named before it. */
  const open = new Map<string, Run>();
  const ruleOfRun = new Map<string, RuleName>();
  /** What a run's entries showed before its request was logged (a rule may log the request last). */
  const before = new Map<string, Pick<Run, 'outcome' | 'evidence' | 'evidenceTime'>>();
  const judge = (into: Pick<Run, 'outcome' | 'evidence' | 'evidenceTime'>, e: ParsedEntry) => {
    // The outcome is the run's: its last failure or success line, whoever it names.
    if (e.level === 'error') {
      into.outcome = 'failed';
      into.evidence = firstLine(e.message);
      into.evidenceTime = e.time;
    } else if (SUCCESS.test(e.message)) {
      into.outcome = 'succeeded';
      into.evidence = firstLine(e.message);
      into.evidenceTime = e.time;
    }
  };

  const finish = (key: string) => {
    const run = open.get(key);
    if (!run) return;
    open.delete(key);
    done.push(run);
    if (done.length > keep) done.shift();
  };

  const onEntry = (entry: ParsedEntry): boolean => {
    if (signal?.aborted) return false;
    const e = entry as RunEntry;
    // Entries outside any run (a read cut short) are their own run.
    const key = e.run ?? `#${e.offset}`;
    const xml = e.xml ? extractXml(e.message) : null;
    const hint = ruleOf(e.message);
    if (hint && !ruleOfRun.has(key)) ruleOfRun.set(key, hint);
    if (e.xml === 'request' && xml) {
      found++;
      // A second request in one run starts its next pair.
      finish(key);
      const keys = [...new Set([samOf(xml), xmlAttr(xml, 'nativeIdentity'), e.user].filter((k): k is string => !!k).map((k) => k.toLowerCase()))];
      open.set(key, {
        file: target.path,
        source: target.source,
        seq: seq++,
        offset: e.offset,
        time: e.time,
        requestXml: xml,
        result: null,
        keys,
        rule: ruleOfRun.get(key) ?? fileRule,
        outcome: 'unknown',
        evidence: null,
        evidenceTime: null,
        ...before.get(key),
      });
      before.delete(key);
      if (open.size > MAX_OPEN_RUNS) finish(open.keys().next().value!);
      return true;
    }
    const run = open.get(key);
    if (!run) {
      if (e.run && e.level === 'error') {
        const b = before.get(key) ?? { outcome: 'unknown', evidence: null, evidenceTime: null };
        judge(b, e);
        before.set(key, b);
        if (before.size > MAX_OPEN_RUNS) before.delete(before.keys().next().value!);
      }
      return true;
    }
    if (e.xml === 'result' && xml) {
      if (!run.result) run.result = { offset: e.offset, xml };
      return true;
    }
    // The generated rules (Rule kit) end each run with a machine-readable RESULT line: it decides.
    const ended = parseResultLine(e.message);
    if (ended) {
      run.rule ??= ended.rule;
      run.outcome = resultSucceeded(ended) ? 'succeeded' : 'failed';
      run.evidence = firstLine(e.message);
      run.evidenceTime = e.time;
      finish(key);
      return true;
    }
    if (hint && !run.rule) run.rule = hint;
    if (hint && FINISHED.test(e.message)) {
      finish(key);
      return true;
    }
    judge(run, e);
    return true;
  };

  try {
    // One user's: the entries of their runs only (the byte scan, then the bytes around it).
    if (user) await searchFile(target.path, compileFilter({ user }), onEntry, signal);
    else await parseFile(target.path, { onEntry, runs: true });
  } catch (e) {
    // A source's file deleted or rotated away between listing and reading: nothing in it.
    if (target.source !== null && isHmcError(e) && e.code === 'FILE_NOT_FOUND') return { runs: [], found: 0 };
    throw e;
  }
  for (const key of [...open.keys()]) finish(key);
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
    const r = await scanFile(t, input.limit, signal, input.user);
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
