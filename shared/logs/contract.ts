/** The logs capability's operations and events (joined into shared/contract.ts). */
import { op, Empty } from '../operation';
import * as L from './schemas';

export const logsOperations = {
  'logs.sources': op({
    input: Empty,
    output: L.LogsSourcesOutput,
    summary: 'The configured log sources with their files, newest first.',
    mutates: false,
  }),
  'logs.open': op({
    input: L.LogsOpenInput,
    output: L.LogsOpenOutput,
    summary: 'Open a log file (or a source\'s file for a day): its last entries at once, the index in the background.',
    mutates: false,
  }),
  'logs.read': op({
    input: L.LogsReadInput,
    output: L.LogsReadOutput,
    summary: 'A range of entries of an opened log by index, optionally filtered.',
    mutates: false,
  }),
  'logs.histogram': op({
    input: L.LogsHistogramInput,
    output: L.LogsHistogramOutput,
    summary: 'Errors and warnings over time in an opened log.',
    mutates: false,
  }),
  'logs.find': op({
    input: L.LogsFindInput,
    output: L.LogsFindOutput,
    summary: 'The next or previous entry of a level (error by default) in an opened log.',
    mutates: false,
  }),
  'logs.close': op({
    input: L.LogsCloseInput,
    output: L.LogsCloseOutput,
    summary: 'Close an opened log and drop its index.',
    mutates: false,
  }),
  'logs.follow': op({
    input: L.LogsFollowInput,
    output: L.LogsFollowOutput,
    summary: 'Follow a log file or source live: new entries arrive as logs.entries events.',
    mutates: false,
  }),
  'logs.unfollow': op({
    input: L.LogsFollowControlInput,
    output: L.LogsFollowControlOutput,
    summary: 'Pause, resume or stop following a log.',
    mutates: false,
  }),
  'logs.search': op({
    input: L.LogsSearchInput,
    output: L.LogsSearchOutput,
    summary: 'Search a source\'s files or a path glob, newest first, returning whole entries.',
    mutates: false,
  }),
  'logs.parse': op({
    input: L.LogsParseInput,
    output: L.LogsParseOutput,
    summary: 'Parse one log file into entries in file order.',
    mutates: false,
  }),
  'logs.allow': op({
    input: L.LogsAllowInput,
    output: L.LogsAllowOutput,
    summary: 'Allow one log file outside the sources\' folders for this launch: chosen in a dialog (desktop) or confirmed on the hmc serve terminal.',
    mutates: false,
  }),
  'logs.failures': op({
    input: L.LogsFailuresInput,
    output: L.LogsFailuresOutput,
    summary: 'Users with failures on a day (today by default), or all failures for one user.',
    mutates: false,
  }),
  'logs.stats': op({
    input: Empty,
    output: L.LogsStatsOutput,
    summary: 'What the log service holds now: opened files, follows, alert followers, file watchers and timers.',
    mutates: false,
  }),
  'logs.incomingPlans': op({
    input: L.LogsIncomingPlansInput,
    output: L.LogsIncomingPlansOutput,
    summary: 'The request/result XML pairs the rules logged (today, or the last N days), decoded and explained, with what the log shows happened.',
    mutates: false,
  }),
} as const;

export const logsEvents = {
  'logs.entries': L.LogsEntriesEvent,
  'logs.alerts': L.LogsAlertsEvent,
} as const;
