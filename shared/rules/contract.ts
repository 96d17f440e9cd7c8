/** The Rule kit's operations (joined into shared/contract.ts). */
import { op } from '../operation';
import * as R from './schemas';

export const ruleOperations = {
  'rule.generate': op({
    input: R.GenerateInput,
    output: R.GeneratedRule,
    summary: 'Generate the ConnectorAfterCreate / ConnectorAfterModify PowerShell rule from the settings, with its IdentityIQ Rule XML and nativeRules snippet.',
    mutates: false,
  }),
  'rule.inspectScript': op({
    input: R.InspectScriptInput,
    output: R.ScriptInspection,
    summary: 'Read a rule script (or a Rule XML): whether the console generated it, and what the replay harness cannot map.',
    mutates: false,
  }),
  'rule.replay': op({
    input: R.ReplayInput,
    output: R.ReplayReport,
    summary: 'Run a rule as IQService would, against the sandbox Exchange, with C:\\ and SMTP kept on this machine; report its decision, log, mails, changes and findings.',
    mutates: true,
  }),
} as const;
