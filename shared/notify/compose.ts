/**
 * The failure mail, composed purely: a plain-text part, an HTML part in which every value is
 * HTML-escaped, and redacted attachments. Every string that goes in passes redactKnown first (the
 * free-text shapes of shared/secrets plus every value the secret store holds), so no secret reaches
 * a header, a part or an attachment whatever the caller handed over.
 */
import { redactKnown } from '../secrets';
import { explainFailure } from './explain';
import type { AlertRule, ComposedMail, Failure, MailAttachment } from './schemas';

export interface ExcerptEntry {
  time: string | null;
  level: string;
  message: string;
}

/** The last connectivity result for the failure's host. */
export interface ConnectivitySummary {
  host: string;
  verdict: string;
  checkedAt: string;
  firstFailure: { layer: string; hint: string } | null;
  layers: Array<{ layer: string; status: string; detail: string }>;
}

/** The user's story verdict (filled by the user's story capability; optional). */
export interface StoryVerdict {
  verdict: string;
  details: string | null;
}

export interface FailureMailInput {
  failure: Failure;
  reason: 'failure' | 'alert' | 'quiet-hours';
  /** Some of the other failures this mail reports (the latest since the last mail), oldest first. */
  related?: Failure[];
  /** Failures counted but not mailed since the last mail of this source: the mail reports 1 + this many. */
  suppressedBefore?: number;
  rule?: AlertRule | null;
  story?: StoryVerdict | null;
  /** The run's entries, oldest first (the failing entry included). */
  excerpt?: ExcerptEntry[] | null;
  /** The run's request XML, already masked by the plan inspector. */
  requestXml?: string | null;
  connectivity?: ConnectivitySummary | null;
  /** The machine that noticed and the app version. */
  reporter: { machine: string; app: string };
  subjectPrefix: string;
  knownSecrets?: Iterable<string>;
  /** Shown in the mail (the time the failure was noticed). */
  now: Date;
}

const MAX_FIELD = 4_000;
const MAX_INLINE_ENTRIES = 12;
const MAX_RELATED = 20;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

function oneLine(text: string, max = 200): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function clip(text: string, max = MAX_FIELD): string {
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}

function subjectFor(i: FailureMailInput, clean: (s: string) => string): string {
  const f = i.failure;
  const more = i.suppressedBefore ?? 0;
  const whom = f.user ? ` for ${f.user}` : '';
  const tail = i.reason === 'quiet-hours' ? ` (${1 + more} failures during quiet hours)` : more > 0 ? ` (+${more} more)` : '';
  return oneLine(clean(`${i.subjectPrefix ? `${i.subjectPrefix} ` : ''}${f.operation} failed${whom}${tail}`), 240);
}

function ruleText(rule: AlertRule | null | undefined): string | null {
  if (!rule) return null;
  const what = rule.threshold <= 1 ? 'any failure' : `${rule.threshold} failures within ${rule.windowMinutes} minutes`;
  const quiet = rule.quietHours ? `, quiet ${rule.quietHours.from}-${rule.quietHours.to}` : '';
  return `${rule.source === '*' ? 'every source' : rule.source}: ${what}, ${rule.coolDownMinutes}-minute cool-down${quiet}`;
}

interface Fact {
  label: string;
  value: string;
}

export function composeFailureMail(input: FailureMailInput): ComposedMail {
  const known = [...(input.knownSecrets ?? [])];
  const clean = (s: string) => redactKnown(s, known);
  const f = input.failure;
  const explained = explainFailure(f);
  const sentence = clean(explained.sentence);
  const steps = explained.nextSteps.map(clean);
  const when = f.time ?? input.now.toISOString();
  const facts: Fact[] = [
    { label: 'User', value: f.user ?? '(not named in the entry)' },
    { label: 'Operation', value: f.operation },
    { label: 'Source', value: f.source },
    { label: 'When', value: when },
    { label: 'Exchange host', value: f.host ?? '(unknown)' },
    { label: 'Noticed by', value: `${input.reporter.machine} (${input.reporter.app}) at ${input.now.toISOString()}` },
  ];
  if (f.code) facts.push({ label: 'Error code', value: f.code });
  if (f.command) facts.push({ label: 'Command', value: f.command });
  if (f.link) facts.push({ label: 'Log file', value: `${f.link.file} (byte ${f.link.offset})` });
  const rule = ruleText(input.rule);
  if (rule) facts.push({ label: 'Alert rule', value: rule });
  const cleanFacts = facts.map((x) => ({ label: x.label, value: clean(clip(x.value, 1_000)) }));
  const raw = clean(clip(f.error));
  const related = (input.related ?? []).slice(-MAX_RELATED).map((r) => ({ time: r.time ?? '', user: r.user ?? '', error: clean(oneLine(r.error, 160)), source: r.source }));
  const excerpt = (input.excerpt ?? []).map((e) => ({ time: e.time ?? '', level: e.level, message: clean(e.message) }));
  const inlineExcerpt = excerpt.slice(-MAX_INLINE_ENTRIES);
  const xml = input.requestXml ? clean(input.requestXml) : null;
  const story = input.story ? { verdict: clean(clip(input.story.verdict, 2_000)), details: input.story.details ? clean(clip(input.story.details)) : null } : null;
  const conn = input.connectivity
    ? {
        host: clean(input.connectivity.host),
        verdict: clean(input.connectivity.verdict),
        checkedAt: clean(input.connectivity.checkedAt),
        firstFailure: input.connectivity.firstFailure ? { layer: clean(input.connectivity.firstFailure.layer), hint: clean(input.connectivity.firstFailure.hint) } : null,
        layers: input.connectivity.layers.map((l) => ({ layer: clean(l.layer), status: clean(l.status), detail: clean(oneLine(l.detail, 200)) })),
      }
    : null;
  const suppressed = input.suppressedBefore ?? 0;
  const intro =
    input.reason === 'quiet-hours'
      ? `${1 + suppressed} failures of ${clean(f.source)} happened during quiet hours; the first is below.`
      : suppressed > 0
        ? `${1 + suppressed} failures of ${clean(f.source)} since the last mail (the others were counted, not mailed one by one); the latest is below.`
        : null;
  const relatedTitle = `Other failures in this mail${suppressed > related.length ? ` (the latest ${related.length} of ${suppressed})` : ''}`;
  const coolNote =
    input.rule && input.rule.coolDownMinutes > 0
      ? `Further failures of ${f.source} in the next ${input.rule.coolDownMinutes} minute(s) are counted, not mailed one by one; the next mail says how many.`
      : null;

  // ---- plain text
  const t: string[] = [];
  if (intro) t.push(intro, '');
  t.push(sentence, '');
  for (const x of cleanFacts) t.push(`${x.label}: ${x.value}`);
  t.push('', 'What to do next:', ...steps.map((s) => `  - ${s}`), '', 'Raw error:', raw);
  if (story) t.push('', "User's story:", story.verdict, ...(story.details ? [story.details] : []));
  if (related.length) {
    t.push('', `${relatedTitle}:`, ...related.map((r) => `  ${r.time}  ${r.source}  ${r.user}  ${r.error}`));
  }
  if (conn) {
    t.push('', `Last connectivity check of ${conn.host} (${conn.checkedAt}): ${conn.verdict}`);
    if (conn.firstFailure) t.push(`  first failing layer: ${conn.firstFailure.layer}: ${conn.firstFailure.hint}`);
    for (const l of conn.layers) t.push(`  ${l.status.padEnd(7)} ${l.layer.padEnd(9)} ${l.detail}`);
  }
  if (inlineExcerpt.length) {
    t.push('', `The run's log entries${excerpt.length > inlineExcerpt.length ? ` (last ${inlineExcerpt.length} of ${excerpt.length}; all in log-excerpt.txt)` : ''}:`);
    for (const e of inlineExcerpt) t.push(`${e.time} [${e.level}] ${clip(e.message, 600)}`);
  }
  if (xml) t.push('', 'The request XML (secrets masked) is attached as request.xml.');
  if (coolNote) t.push('', coolNote);
  t.push('', '-- ', `Hybrid Mailbox Console on ${clean(input.reporter.machine)}`);

  // ---- HTML (every value escaped; no markup from any input)
  const e = escapeHtml;
  const h: string[] = [];
  h.push('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="font-family:Segoe UI,Arial,sans-serif;font-size:14px;color:#1b1b1b">');
  if (intro) h.push(`<p>${e(intro)}</p>`);
  h.push(`<p style="font-size:16px;font-weight:600">${e(sentence)}</p>`);
  h.push('<table cellpadding="4" style="border-collapse:collapse">');
  for (const x of cleanFacts) h.push(`<tr><th align="left" valign="top" style="padding-right:12px">${e(x.label)}</th><td>${e(x.value)}</td></tr>`);
  h.push('</table>');
  h.push('<h3>What to do next</h3><ul>', ...steps.map((s) => `<li>${e(s)}</li>`), '</ul>');
  h.push(`<h3>Raw error</h3><pre style="white-space:pre-wrap;background:#f4f4f4;padding:8px">${e(raw)}</pre>`);
  if (story) h.push(`<h3>User's story</h3><p>${e(story.verdict)}</p>${story.details ? `<pre style="white-space:pre-wrap">${e(story.details)}</pre>` : ''}`);
  if (related.length) {
    h.push(`<h3>${e(relatedTitle)}</h3><table cellpadding="3" style="border-collapse:collapse">`);
    for (const r of related) h.push(`<tr><td>${e(r.time)}</td><td>${e(r.source)}</td><td>${e(r.user)}</td><td>${e(r.error)}</td></tr>`);
    h.push('</table>');
  }
  if (conn) {
    h.push(`<h3>Last connectivity check of ${e(conn.host)}</h3><p>${e(conn.checkedAt)}: <b>${e(conn.verdict)}</b>${conn.firstFailure ? `; first failing layer ${e(conn.firstFailure.layer)}: ${e(conn.firstFailure.hint)}` : ''}</p>`);
    h.push('<table cellpadding="3" style="border-collapse:collapse">', ...conn.layers.map((l) => `<tr><td>${e(l.status)}</td><td>${e(l.layer)}</td><td>${e(l.detail)}</td></tr>`), '</table>');
  }
  if (inlineExcerpt.length) {
    h.push(`<h3>The run's log entries</h3><pre style="white-space:pre-wrap;background:#f4f4f4;padding:8px">`);
    h.push(inlineExcerpt.map((x) => e(`${x.time} [${x.level}] ${clip(x.message, 600)}`)).join('\n'));
    h.push('</pre>');
  }
  if (xml) h.push('<p>The request XML (secrets masked) is attached as request.xml.</p>');
  if (coolNote) h.push(`<p style="color:#555">${e(coolNote)}</p>`);
  h.push(`<p style="color:#777">Hybrid Mailbox Console on ${e(clean(input.reporter.machine))}</p></body></html>`);

  const attachments: MailAttachment[] = [];
  if (excerpt.length) {
    attachments.push({ filename: 'log-excerpt.txt', contentType: 'text/plain; charset=utf-8', content: excerpt.map((x) => `${x.time} [${x.level}] ${x.message}`).join('\r\n') + '\r\n' });
  }
  if (xml) attachments.push({ filename: 'request.xml', contentType: 'application/xml; charset=utf-8', content: xml });

  return { subject: subjectFor(input, clean), text: t.join('\n'), html: h.join('\n'), attachments };
}

export interface TestMailInput {
  server: string;
  tls: string;
  machine: string;
  app: string;
  subjectPrefix: string;
  now: Date;
}

export function composeTestMail(i: TestMailInput): ComposedMail {
  const lines = [
    'This is a test mail from Hybrid Mailbox Console.',
    '',
    `Sent through ${i.server} (TLS: ${i.tls}) from ${i.machine} (${i.app}) at ${i.now.toISOString()}.`,
    'If you read this, failure mails and alerts will reach this address.',
  ];
  return {
    subject: oneLine(`${i.subjectPrefix ? `${i.subjectPrefix} ` : ''}Test mail from ${i.machine}`),
    text: lines.join('\n'),
    html: `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${lines.map((l) => (l ? `<p>${escapeHtml(l)}</p>` : '')).join('')}</body></html>`,
    attachments: [],
  };
}
