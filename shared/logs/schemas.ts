import { z } from 'zod';
import { RULE_ACTIONS } from '../rules/decision';

export const LogLevel = z.enum(['error', 'warning', 'info']);

/** One entry; the first seven fields are the CLI's `logs parse` / `logs search` shape. */
export const LogEntry = z.object({
  /** ISO 8601 local time as written in the file (no zone), or null when the line has none. */
  time: z.string().nullable(),
  level: LogLevel,
  user: z.string().nullable(),
  /** The entry's whole text after the timestamp, continuation lines included (secrets masked). */
  message: z.string(),
  lines: z.number().int().min(1),
  file: z.string(),
  /** Byte offset of the entry's first line in the file. */
  offset: z.number().int().min(0),
  kind: z.enum(['rule', 'trace', 'cmtrace', 'plain']),
  /** The entry carries a request or result XML document (`Request Object ::` / `Result Object ::`). */
  xml: z.enum(['request', 'result']).nullable(),
  /** Ordinal of the entry in its file when known (opened files). */
  index: z.number().int().min(0).nullable(),
  /** The configured source the entry came from (source searches; absent for a path). */
  source: z.string().optional(),
  /** The rule run the entry belongs to (`file#offset` of the run's first entry), when it was worked out. */
  run: z.string().nullable().optional(),
});
export type LogEntry = z.infer<typeof LogEntry>;

export const LogEncoding = z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'windows-1252', 'mixed', 'empty']);
export type LogEncoding = z.infer<typeof LogEncoding>;

export const LogFileInfo = z.object({
  path: z.string(),
  name: z.string(),
  /** The date the file name stands for (pattern sources), yyyy-MM-dd. */
  date: z.string().nullable(),
  size: z.number().int().min(0),
  modified: z.string(),
});

export const LogSourceStatus = z.object({
  name: z.string(),
  folder: z.string(),
  pattern: z.string(),
  enabled: z.boolean(),
  folderExists: z.boolean(),
  /** The file the source writes today (pattern applied to today's date). */
  todayFile: z.string(),
  todayExists: z.boolean(),
  /** Matching files, newest first (at most 60). */
  files: z.array(LogFileInfo),
});

export const LogsSourcesOutput = z.object({ sources: z.array(LogSourceStatus) });

export const LogTarget = z
  .object({
    path: z.string().min(1).optional(),
    source: z.string().min(1).optional(),
    /** With source: the day's file (yyyy-MM-dd); default today. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  })
  .strict();

export const IndexState = z.object({
  /** Entries indexed so far (all of them once done). */
  entries: z.number().int().min(0),
  /** Bytes covered by the index. */
  bytes: z.number().int().min(0),
  size: z.number().int().min(0),
  done: z.boolean(),
  errors: z.number().int().min(0),
  warnings: z.number().int().min(0),
  /** Set when indexing failed (the tail still works). */
  problem: z.string().nullable(),
});

export const LogsOpenInput = LogTarget.extend({
  /** Entries in the tail page. */
  tail: z.number().int().min(1).max(5_000).default(200),
}).strict();
export const LogsOpenOutput = z.object({
  id: z.string(),
  file: z.string(),
  size: z.number().int().min(0),
  encoding: LogEncoding,
  /** Bytes of the part read that are not UTF-8: the byte offset of the first invalid sequence, as a sentence. */
  encodingWarning: z.string().nullable(),
  /** The last entries of the file, oldest first (a partial last line is left out until complete). */
  tail: z.array(LogEntry),
  index: IndexState,
});

/**
 * The one entry filter: search, the filtered views of opened files, the renderer's filter bar and the CLI's
 * options all speak it (shared/logs/filter.ts compiles it). Text is plain (`text`) or a regular expression
 * (`regex`), ASCII and Unicode case ignored unless `caseSensitive`; `until` as a bare date means the whole day.
 */
export const LogFilter = z
  .object({
    text: z.string().max(1_000).optional(),
    regex: z.string().max(1_000).optional(),
    caseSensitive: z.boolean().optional(),
    level: LogLevel.optional(),
    /** Minimum level instead of an exact one (e.g. warning = warnings and errors). */
    minLevel: LogLevel.optional(),
    user: z.string().max(256).optional(),
    since: z.string().max(40).optional(),
    until: z.string().max(40).optional(),
    /** Only entries with (true) or without (false) a request/result XML document. */
    xml: z.boolean().optional(),
  })
  .strict();
export type LogFilter = z.infer<typeof LogFilter>;

export const LogsReadInput = z
  .object({
    id: z.string(),
    /** Index of the first entry (in the filtered view when a filter is given). */
    from: z.number().int().min(0),
    count: z.number().int().min(0).max(5_000),
    filter: LogFilter.optional(),
  })
  .strict();
export const LogsReadOutput = z.object({
  entries: z.array(LogEntry),
  /** Entries in the (filtered) view so far. */
  total: z.number().int().min(0),
  index: IndexState,
  /** With a filter: whether the filter has covered the whole index. */
  filterDone: z.boolean(),
});

export const LogsHistogramInput = z.object({ id: z.string(), buckets: z.number().int().min(1).max(500).default(60) }).strict();
export const LogsHistogramOutput = z.object({
  buckets: z.array(
    z.object({
      /** First and last local time (ISO) in the bucket. */
      from: z.string(),
      to: z.string(),
      errors: z.number().int().min(0),
      warnings: z.number().int().min(0),
      entries: z.number().int().min(0),
    }),
  ),
  index: IndexState,
});

export const LogsFindInput = z
  .object({
    id: z.string(),
    /** Entry index to start from (exclusive). */
    from: z.number().int().min(-1),
    direction: z.enum(['next', 'previous']),
    level: LogLevel.default('error'),
  })
  .strict();
export const LogsFindOutput = z.object({ index: z.number().int().nullable() });

export const LogsFollowInput = LogTarget.extend({
  /** Follow an opened file from where its open left off (nothing lost between open and follow). */
  id: z.string().optional(),
}).strict();
export const LogsFollowOutput = z.object({ followId: z.string(), file: z.string().nullable() });

export const LogsFollowControlInput = z
  .object({ followId: z.string(), action: z.enum(['pause', 'resume', 'stop']).default('stop') })
  .strict();
export const LogsFollowControlOutput = z.object({ followId: z.string(), state: z.enum(['following', 'paused', 'stopped']) });

export const LogsCloseInput = z.object({ id: z.string() }).strict();
export const LogsCloseOutput = z.object({ closed: z.boolean() });

/** What the log service holds right now (observability: a page that left must leave nothing behind). */
export const LogsStatsOutput = z.object({
  /** Opened files (each with its index in memory). */
  opened: z.number().int().min(0),
  /** Follows started by callers. */
  follows: z.number().int().min(0),
  /** Followers of the alerts watcher (one per enabled source while someone listens to logs.alerts). */
  alertFollowers: z.number().int().min(0),
  /** fs.watch watchers held by all followers. */
  watchers: z.number().int().min(0),
  /** Timers held: followers' poll and settle timers, and the alerts watcher's check timer. */
  timers: z.number().int().min(0),
});
export type LogsStats = z.infer<typeof LogsStatsOutput>;

export const LogsSearchInput = LogFilter.pick({ text: true, regex: true, caseSensitive: true, level: true, user: true, since: true, until: true })
  .extend({
    source: z.string().min(1).optional(),
    /**
     * Several sources merged into one view, newest first by entry time (1-20 names, or just `*` for every
     * enabled source). Exactly one of source, sources and path.
     */
    sources: z.array(z.string().min(1)).min(1).max(20).optional(),
    /** A file path; `*` and `?` allowed in the file-name part. */
    path: z.string().min(1).optional(),
    limit: z.number().int().min(1).max(100_000).default(1_000),
  })
  .strict();
export const LogsSearchOutput = z.object({
  /** Newest first. */
  entries: z.array(LogEntry),
  files: z.array(z.string()),
  bytes: z.number().int().min(0),
  /** More entries matched than `limit`. */
  truncated: z.boolean(),
});

export const LogsAllowInput = z
  .object({
    /** The path typed on the page (the web host confirms it on its terminal; the desktop dialog ignores it). */
    proposed: z.string().trim().min(1).max(4_096).optional(),
  })
  .strict();
export const LogsAllowOutput = z.object({ path: z.string().nullable(), message: z.string() });

export const LogsParseInput = z
  .object({
    path: z.string().min(1),
    limit: z.number().int().min(1).max(10_000_000).optional(),
  })
  .strict();
export const LogsParseOutput = z.object({
  file: z.string(),
  encoding: LogEncoding,
  /** Bytes that are not UTF-8: the byte offset of the first invalid sequence, as a sentence. */
  encodingWarning: z.string().nullable(),
  entries: z.array(LogEntry),
});

export const LogsFailuresInput = z
  .object({
    /** One user's failures (all dates the sources hold); without it, the users with failures on `date`. */
    user: z.string().max(256).optional(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    source: z.string().optional(),
    /** Opened files (their `logs.open` ids) read as well: today's file open on the page counts. */
    opened: z.array(z.string().min(1)).max(16).optional(),
    limit: z.number().int().min(1).max(10_000).default(500),
  })
  .strict();
export const LogsFailuresOutput = z.object({
  date: z.string(),
  users: z.array(
    z.object({
      user: z.string(),
      failures: z.number().int().min(1),
      last: z.string().nullable(),
      lastMessage: z.string(),
      sources: z.array(z.string()),
    }),
  ),
  entries: z.array(LogEntry),
});

export const LogsEntriesEvent = z.object({
  followId: z.string(),
  source: z.string().nullable(),
  file: z.string().nullable(),
  /**
   * New entries in order. An entry already delivered may come again with the same file+offset
   * (`update`) when continuation lines arrive later: replace it.
   */
  entries: z.array(LogEntry.extend({ update: z.boolean() })),
  /** Set when the followed file changed under us; entries after it come from `file`. */
  reset: z.enum(['truncated', 'recreated', 'rotated']).nullable(),
  state: z.enum(['following', 'paused', 'missing']),
});
export type LogsEntriesEvent = z.infer<typeof LogsEntriesEvent>;

export const LogsAlertsEvent = z.object({
  source: z.string(),
  file: z.string(),
  entries: z.array(LogEntry),
});
export type LogsAlertsEvent = z.infer<typeof LogsAlertsEvent>;

// ---------------------------------------------------------------------------------------------
// Incoming plans: the request/result XML pairs the rules logged, decoded and explained.

export const LogsIncomingPlansInput = z
  .object({
    /** One configured source (default: every enabled source). */
    source: z.string().min(1).optional(),
    /** One log file instead of the sources' files. */
    path: z.string().min(1).optional(),
    /** The newest day to scan (yyyy-MM-dd, default today). */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    /** Days back from `date`, that day included (1 = that day only). */
    days: z.number().int().min(1).max(31).default(1),
    /** Most plans returned (newest first). */
    limit: z.number().int().min(1).max(1_000).default(200),
    /** Leave the masked request/result XML out of each plan (lighter answers). */
    withoutXml: z.boolean().default(false),
    /** Only this user's requests: only the bytes around the lines naming them are read (their runs). */
    user: z.string().trim().min(1).max(256).optional(),
  })
  .strict();

export const IncomingOutcome = z.enum(['succeeded', 'failed', 'unknown']);

export const IncomingPlan = z.object({
  /** Stable id: file and byte offset of the request entry. */
  id: z.string(),
  file: z.string(),
  /** The source the file belongs to (null for a given path). */
  source: z.string().nullable(),
  /** Byte offsets of the request and result entries. */
  offset: z.number().int().min(0),
  resultOffset: z.number().int().min(0).nullable(),
  /** Local ISO time of the request entry as written. */
  time: z.string().nullable(),
  /** Who: the sAMAccountName requested, else the nativeIdentity (DN), else the log's user. */
  user: z.string().nullable(),
  nativeIdentity: z.string().nullable(),
  application: z.string().nullable(),
  /** The account request's op (Create, Modify, Disable...). */
  operation: z.string().nullable(),
  /** The request's `flow` argument (Joiner, Leaver...). */
  flow: z.string().nullable(),
  /** The rule that logged it (from the run's lines or the file name), when known. */
  rule: z.enum(['ConnectorAfterCreate', 'ConnectorAfterModify']).nullable(),
  /** The rule's decision as the plan inspector explains it (null when the XML could not be read). */
  decision: z
    .object({
      rule: z.enum(['ConnectorAfterCreate', 'ConnectorAfterModify']),
      action: z.enum(RULE_ACTIONS),
      identity: z.string().nullable(),
      remoteRoutingAddress: z.string().nullable(),
      reason: z.string(),
    })
    .nullable(),
  /** Errors the logged ServiceResult reports. */
  resultErrors: z.number().int().min(0),
  /** What the entries after the request show: a success line, a failure line, or neither. */
  outcome: IncomingOutcome,
  /** The first line of the entry that decided the outcome (secrets masked), or why it is unknown. */
  evidence: z.string(),
  evidenceTime: z.string().nullable(),
  /** Set when the logged XML could not be decoded (the reason, one sentence). */
  problem: z.string().nullable(),
  /** The masked request XML and result XML (null without one, or with withoutXml). */
  requestXml: z.string().nullable(),
  resultXml: z.string().nullable(),
});
export type IncomingPlan = z.infer<typeof IncomingPlan>;

export const LogsIncomingPlansOutput = z.object({
  /** Newest first. */
  plans: z.array(IncomingPlan),
  /** Files scanned, newest first. */
  files: z.array(z.string()),
  /** Request/result pairs found in all (may exceed plans.length). */
  found: z.number().int().min(0),
  truncated: z.boolean(),
});
