/**
 * The Rule kit: generate the native rules from the settings, read a script, and replay a rule the way
 * IQService would (electron/powershell/Replay), against the console's own sandbox directory.
 * Never imports electron.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HmcError } from '../../../shared/errors';
import { base64ToBytes, decodeDocument, extractXml, inspectPlan } from '../../../shared/plans';
import type { PlanDocumentInput } from '../../../shared/plans/schemas';
import { buildRuleConfig, type RuleConfig } from '../../../shared/rules/config';
import { RULE_NAME, type RuleKind } from '../../../shared/rules/decision';
import { applicationSnippet, ruleDescription, ruleFileNames, ruleXml } from '../../../shared/rules/rulexml';
import type { GeneratedRule, ReplayFaults, ReplayReport, ScriptInspection } from '../../../shared/rules/schemas';
import type { Settings } from '../../../shared/settings/schema';
import type { Diagnostics } from '../../core/diagnostics';
import type { AppPaths } from '../../core/paths';
import type { AuditService } from '../audit/service';
import type { ExchangeService } from '../exchange/service';
import { resolveScriptsDir } from '../powershell/launch';
import type { PowerShellLocator } from '../powershell/locate';
import type { SettingsStore } from '../settings/store';
import { startSmtpCapture } from './capture';
import { runReplay, windowsToReal } from './replay';
import { buildReport } from './report';
import { requestNames, secretValues, seedSpec } from './request';
import { scanScript } from './scan';
import { identifyScript, loadRuleParts, renderRuleScript } from './scripts';

export interface RuleDeps {
  paths: AppPaths;
  settings: SettingsStore;
  powershell: PowerShellLocator;
  /** Where the sandbox directory is (the file `hmc mailbox get` reads). */
  exchange: Pick<ExchangeService, 'sandboxDirectoryPath'>;
  diagnostics: Diagnostics;
  /** A replay changes the sandbox directory: it is audited like any change. */
  audit: AuditService;
  env: NodeJS.ProcessEnv;
  /** The logs a replay wrote may be opened in the log viewer: the console made them, no page named them. */
  allowLogFile?: (path: string) => Promise<void>;
}

export interface ReplayRequest {
  kind?: RuleKind;
  script?: PlanDocumentInput;
  trustScript: boolean;
  request: PlanDocumentInput;
  result?: PlanDocumentInput;
  application?: PlanDocumentInput;
  seed: boolean;
  timeoutSeconds?: number;
  faults: ReplayFaults;
}

/** The host the sandbox stands behind when neither the settings nor an Application name one. */
export const SANDBOX_HOST = 'exch01.sandbox.invalid';
const KEEP_REPLAYS = 30;

function text(d: PlanDocumentInput, label: string): string {
  const decoded = decodeDocument(d.text ?? base64ToBytes(d.base64 ?? ''), label);
  return decoded.text;
}

function xmlOf(d: PlanDocumentInput, label: string): string {
  return extractXml(text(d, label)).xml;
}

/** A Rule XML's <Source>: CDATA sections joined, entities decoded outside them. */
export function ruleSource(xml: string): string | null {
  const m = /<Source\b[^>]*>([\s\S]*?)<\/Source>/.exec(xml);
  if (!m) return null;
  return m[1]!.replace(/<!\[CDATA\[([\s\S]*?)\]\]>|([^<]+)/g, (_x, c?: string, t?: string) =>
    c !== undefined ? c : (t ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'),
  );
}

function hostsMap(hosts: string[]): string {
  const list = hosts.map((h) => `<String>${h.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</String>`).join('');
  return `<Map><entry key="exchangeSettings"><value><List><Map><entry key="ExchHost"><value><List>${list}</List></value></entry></Map></List></value></entry></Map>`;
}

export class RuleService {
  private parts: Promise<string[]> | null = null;

  constructor(private readonly deps: RuleDeps) {}

  private scriptsDir(): string {
    return resolveScriptsDir(this.deps.paths.appRoot);
  }

  private templateParts(): Promise<string[]> {
    this.parts ??= loadRuleParts(this.scriptsDir());
    return this.parts;
  }

  async generate(kind: RuleKind, settings?: Settings): Promise<GeneratedRule> {
    const s = settings ?? (await this.deps.settings.get());
    const { config, warnings } = buildRuleConfig(kind, s);
    const script = renderRuleScript(await this.templateParts(), config);
    const other = kind === 'after-create' ? s.rules.afterModifyName : s.rules.afterCreateName;
    const xml = ruleXml(config, script, ruleDescription(kind));
    const snippet = applicationSnippet(config, other);
    const names = ruleFileNames(config.rule);
    return {
      kind,
      rule: config.rule,
      ruleName: config.ruleName,
      script,
      ruleXml: xml,
      snippet,
      files: [
        { name: names.script, mimeType: 'text/plain', content: script },
        { name: names.ruleXml, mimeType: 'application/xml', content: xml },
        { name: names.snippet, mimeType: 'text/plain', content: snippet },
      ],
      warnings,
      summary: {
        hosts: config.hosts,
        routingDomain: config.routingDomain,
        routingTemplate: config.routingTemplate,
        logFile: `${config.logFolder}\\${config.logFile.replace('{date}', 'yyyy-MM-dd')}`,
        timeoutSeconds: config.timeoutSeconds,
        budgetSeconds: config.budgetSeconds,
        credential: config.credential.mode,
        mail: config.mail.mode,
      },
    };
  }

  /** The script inside a text (a bare script, or a Rule XML) and what is known about it. */
  private async readScript(doc: PlanDocumentInput): Promise<{ script: string; inspection: ScriptInspection; config: RuleConfig | null }> {
    const raw = text(doc, 'script');
    const isXml = /^\s*(<\?xml|<!DOCTYPE\s+Rule|<Rule[\s>])/.test(raw);
    let script = raw;
    let ruleName: string | null = null;
    let timeout: number | null = null;
    let kindFromType: RuleKind | null = null;
    if (isXml) {
      const source = ruleSource(raw);
      if (source === null) throw new HmcError('INVALID_INPUT', 'The XML has no <Source> element; paste the rule script itself, or the whole Rule XML.');
      script = source.replace(/^\r?\n/, '');
      const rule = inspectPlan({ document: raw }).rule;
      ruleName = rule?.name ?? null;
      timeout = rule?.timeout ?? null;
      if (rule?.type === 'ConnectorAfterCreate') kindFromType = 'after-create';
      if (rule?.type === 'ConnectorAfterModify') kindFromType = 'after-modify';
    }
    const id = identifyScript(script, await this.templateParts());
    return {
      script,
      config: id.generated ? id.config : null,
      inspection: {
        generated: id.generated,
        kind: id.kind ?? kindFromType,
        source: isXml ? 'rule-xml' : 'script',
        ruleName: ruleName ?? id.config?.ruleName ?? null,
        timeoutSeconds: timeout ?? (id.generated ? (id.config?.timeoutSeconds ?? null) : null),
        lines: script.split(/\r?\n/).length,
        findings: id.generated ? [] : scanScript(script),
      },
    };
  }

  async inspectScript(doc: PlanDocumentInput): Promise<ScriptInspection> {
    return (await this.readScript(doc)).inspection;
  }

  private standInCache(version: string): string {
    const source = readFileSync(join(this.scriptsDir(), 'Replay', 'SailPointUtils.cs'), 'utf8');
    const hash = createHash('sha256').update(`${source}\n${version.split('.')[0]}`).digest('hex').slice(0, 12);
    const env = this.deps.env;
    const base = process.platform === 'win32' ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local')) : (env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'));
    return join(base, 'hybrid-mailbox-console', `sailpoint-utils-${hash}.dll`);
  }

  private async replayFolder(): Promise<{ id: string; folder: string }> {
    const root = join(this.deps.paths.dataDir, 'rules', 'replays');
    await mkdir(root, { recursive: true });
    const old = (await readdir(root)).sort();
    for (const name of old.slice(0, Math.max(0, old.length - KEEP_REPLAYS + 1))) {
      await rm(join(root, name), { recursive: true, force: true }).catch((e: unknown) => this.deps.diagnostics.warn('An old replay folder could not be removed', { name, error: (e as Error).message }));
    }
    const id = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')}-${randomBytes(3).toString('hex')}`;
    const folder = join(root, id);
    await mkdir(folder, { recursive: true });
    return { id, folder };
  }

  async replay(input: ReplayRequest, door: string, signal?: AbortSignal): Promise<ReplayReport> {
    const settings = await this.deps.settings.get();
    let script: string;
    let generated: boolean;
    let config: RuleConfig | null;
    let kind: RuleKind | null = input.kind ?? null;
    let timeoutSeconds = input.timeoutSeconds ?? null;
    let staticFindings: ScriptInspection['findings'] = [];
    if (input.kind) {
      script = (await this.generate(input.kind, settings)).script;
      config = buildRuleConfig(input.kind, settings).config;
      generated = true;
    } else {
      const read = await this.readScript(input.script!);
      script = read.script;
      generated = read.inspection.generated;
      config = read.config;
      kind = read.inspection.kind;
      timeoutSeconds ??= read.inspection.timeoutSeconds;
      staticFindings = read.inspection.findings;
      if (!generated && !input.trustScript) {
        throw new HmcError(
          'INVALID_INPUT',
          'This script was not generated by the console, and the replay is not a security sandbox: it runs as you, with the console\'s rights. Read it first; then confirm to run it (the Rules page asks; on the CLI answer the question or pass --yes).',
          { needsConfirmation: true },
        );
      }
    }
    timeoutSeconds ??= config?.timeoutSeconds ?? settings.rules.timeoutSeconds;

    const request = xmlOf(input.request, 'request');
    const result = input.result ? xmlOf(input.result, 'result document') : null;
    const configured = config?.hosts ?? settings.exchange.hosts;
    let application = input.application ? xmlOf(input.application, 'application document') : null;
    const appHosts = application ? inspectPlan({ document: application }).application?.exchangeHosts ?? [] : null;
    const hosts = [...new Set([...configured, ...(appHosts ?? [])])];
    if (!application) application = hostsMap(configured.length ? configured : [SANDBOX_HOST]);
    if (hosts.length === 0) hosts.push(...(configured.length ? configured : [SANDBOX_HOST]));

    const inspection = inspectPlan({
      document: request,
      result,
      application,
      routingDomain: config ? config.routingDomain : settings.exchange.routingDomain,
      routingDomainSource: 'settings',
      routingTemplate: config?.routingTemplate ?? settings.rules.routingTemplate,
      configuredHosts: configured,
      adApplication: config ? config.adApplication : settings.rules.adApplication,
    });
    if (inspection.kind !== 'AccountRequest' || inspection.accountRequests.length !== 1) {
      throw new HmcError('INVALID_INPUT', `The request is a <${inspection.kind}>, but a rule gets one <AccountRequest> in $env:Request; give the account request itself (the plan inspector shows the ones a plan holds).`);
    }
    const req = inspection.accountRequests[0]!;
    kind ??= req.op.trim().toLowerCase() === 'create' ? 'after-create' : 'after-modify';
    const rule = RULE_NAME[kind];
    const expected = inspection.decisions.find((d) => d.rule === rule)!;

    const ps = await this.deps.powershell.get(settings.powershell.path);
    if (!ps.found) throw new HmcError('POWERSHELL_MISSING', `${ps.reason} ${ps.hint}`);
    const { id, folder } = await this.replayFolder();
    const driveRoot = join(folder, 'drive', 'C');
    const credential = config?.credential.mode === 'dpapi' ? { path: config.credential.path, user: 'HMC-REPLAY\\svc-exchange' } : null;
    const secrets = secretValues(request);
    const capture = await startSmtpCapture(secrets);
    this.deps.diagnostics.info('Rule replay started', { id, rule, generated, timeoutSeconds });
    const who = expected.identity ?? req.nativeIdentity ?? '?';
    const auditId = await this.deps.audit.begin('rule.replay', door, { id, rule, script: generated ? 'generated' : 'given', identity: who, seed: input.seed, faults: input.faults }, `hmc rule replay ${input.kind ? `--kind ${input.kind}` : '--script ...'} (${rule} for ${who})`);
    let outcome: 'ok' | 'error' = 'error';
    try {
      const raw = await runReplay({
        pwsh: ps.path,
        scriptsDir: this.scriptsDir(),
        folder,
        env: this.deps.env,
        scriptText: script,
        timeoutSeconds,
        request,
        result,
        application,
        faults: input.faults,
        seed: input.seed ? seedSpec(req, kind, expected.action === 'unhide-from-address-lists') : null,
        credential,
        // The log sources the console reads exist on the IQService host; a script may expect them.
        folders: settings.logs.sources.filter((x) => x.enabled && /^C:\\/i.test(x.folder)).map((x) => x.folder),
        sandboxDirectory: this.deps.exchange.sandboxDirectoryPath(settings),
        syncDelaySeconds: input.faults.syncDelaySeconds ?? settings.exchange.sandboxSyncDelaySeconds,
        standInCache: this.standInCache(ps.version),
        smtpPort: capture.port,
        signal,
      });
      const report = await buildReport(raw, {
        id,
        folder,
        kind,
        rule,
        generated,
        timeoutSeconds,
        hosts,
        inspection,
        names: requestNames(req),
        secrets,
        messages: capture.messages,
        staticFindings,
        harnessFiles: credential ? [windowsToReal(driveRoot, credential.path)] : [],
      });
      await writeFile(join(folder, 'report.json'), JSON.stringify(report, null, 2), 'utf8');
      for (const l of report.logs) await this.deps.allowLogFile?.(l.path);
      this.deps.diagnostics.info('Rule replay ended', { id, exitCode: report.exitCode, killed: report.killed, durationMs: report.durationMs });
      outcome = report.ranToEnd ? 'ok' : 'error';
      return report;
    } finally {
      await capture.close();
      await this.deps.audit.end(auditId, 'rule.replay', door, outcome, outcome === 'ok' ? undefined : { code: 'POWERSHELL_FAILED', message: 'The replayed rule did not run to its end (killed at its timeout, or the harness failed).' });
    }
  }
}

