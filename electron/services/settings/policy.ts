/**
 * The machine-wide policy file: where it lives on each platform, and reading it. The console
 * never writes it (an administrator deploys it, e.g. by Group Policy Preferences on Windows).
 *
 * A file that is there but unreadable or invalid pins nothing (its values cannot be known) but
 * turns off every action a policy can disallow: a policy meant to restrict must not vanish
 * silently because of a typo. The problem is shown in the status and written to the diagnostics log.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NO_POLICY, PolicyDocument, pinnedKeys, type PolicyInfo } from '../../../shared/settings/policy';
import { NO_DIAGNOSTICS, type Diagnostics } from '../../core/diagnostics';

const PRODUCT = 'Hybrid Mailbox Console';

/** %ProgramData%\Hybrid Mailbox Console\policy.json on Windows, /etc/hybrid-mailbox-console/policy.json on Linux; HMC_POLICY_FILE overrides. */
export function defaultPolicyFile(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HMC_POLICY_FILE) return env.HMC_POLICY_FILE;
  if (platform === 'win32') return join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', PRODUCT, 'policy.json');
  if (platform === 'darwin') return join('/Library/Application Support', PRODUCT, 'policy.json');
  return '/etc/hybrid-mailbox-console/policy.json';
}

const FAIL_CLOSED: PolicyDocument = { ...NO_POLICY, disallow: { bulk: true, hideUnhide: true } };

export class PolicySource {
  private doc: PolicyDocument = NO_POLICY;
  private present = false;
  private problem: string | null = null;

  constructor(
    readonly file: string,
    private readonly diagnostics: Diagnostics = NO_DIAGNOSTICS,
  ) {}

  /** Reads the file again (at start, and whenever a front door asks what the policy is). */
  async load(): Promise<PolicyInfo> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        this.set(NO_POLICY, false, null);
      } else {
        this.set(FAIL_CLOSED, true, `The policy file ${this.file} could not be read (${code ?? (e as Error).message}); bulk and hide/unhide are off until it can.`);
      }
      return this.info();
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      this.set(FAIL_CLOSED, true, `The policy file ${this.file} is not valid JSON (${(e as Error).message}); bulk and hide/unhide are off until it is fixed.`);
      return this.info();
    }
    const parsed = PolicyDocument.safeParse(doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? issue.path.join('.') : '(root)';
      this.set(FAIL_CLOSED, true, `The policy file ${this.file} is invalid at "${field}" (${issue?.message ?? 'unknown problem'}); bulk and hide/unhide are off until it is fixed.`);
      return this.info();
    }
    this.set(parsed.data, true, null);
    return this.info();
  }

  private set(doc: PolicyDocument, present: boolean, problem: string | null): void {
    if (problem && problem !== this.problem) this.diagnostics.warn(problem);
    this.doc = doc;
    this.present = present;
    this.problem = problem;
  }

  current(): PolicyDocument {
    return this.doc;
  }

  info(): PolicyInfo {
    return { file: this.file, present: this.present, problem: this.problem, pinned: pinnedKeys(this.doc), disallow: { ...this.doc.disallow } };
  }
}
