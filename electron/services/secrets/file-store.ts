/**
 * The secret store for headless use (`hmc watch` as a scheduled task or service, `hmc secret set`),
 * where Electron's safeStorage does not exist: `headless-secrets.json` in the data folder.
 *
 * - Windows: each value is encrypted with DPAPI for the current user (PowerShell's
 *   ConvertFrom-SecureString, run with the project's PowerShell; the secret goes over stdin, never
 *   on a command line or into a script), so only that account on that machine can read it. Run the
 *   scheduled task as the account that stored it.
 * - Elsewhere: there is no DPAPI; the file is created readable and writable by its owner only
 *   (mode 0600) and the value is kept as it is. Anyone who can read that account's files (or root)
 *   can read it: the README says so.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HmcError } from '../../../shared/errors';
import type { SecretStore } from './store';

/** Turns a value into what is written to the file and back. */
export interface Protector {
  readonly kind: string;
  protect(secret: string): Promise<string>;
  unprotect(blob: string): Promise<string>;
}

/** Owner-only file, value as is (no DPAPI on this platform). */
export const OWNER_ONLY: Protector = {
  kind: 'owner-only file',
  protect: async (s) => s,
  unprotect: async (b) => b,
};

const PROTECT = [
  '$ErrorActionPreference = "Stop"',
  '$in = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([Console]::In.ReadToEnd().Trim()))',
  '$ss = ConvertTo-SecureString -String $in -AsPlainText -Force',
  '[Console]::Out.Write((ConvertFrom-SecureString -SecureString $ss))',
].join('\n');

const UNPROTECT = [
  '$ErrorActionPreference = "Stop"',
  '$ss = ConvertTo-SecureString -String ([Console]::In.ReadToEnd().Trim())',
  '$b = [Runtime.InteropServices.Marshal]::SecureStringToBSTR($ss)',
  'try { $p = [Runtime.InteropServices.Marshal]::PtrToStringBSTR($b) } finally { [Runtime.InteropServices.Marshal]::ZeroFreeBSTR($b) }',
  '[Console]::Out.Write([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($p)))',
].join('\n');

function encodedCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

function runPowerShell(exe: string, script: string, stdin: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, ['-NoLogo', '-NoProfile', '-NonInteractive', '-EncodedCommand', encodedCommand(script)], { windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c.slice(0, 2_000)));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`PowerShell did not answer in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out.trim());
      else reject(new Error(`PowerShell exited ${code}: ${err.split('\n')[0] ?? ''}`));
    });
    child.stdin.end(stdin);
  });
}

/** DPAPI (current user) through PowerShell's SecureString cmdlets. `exe` is the PowerShell the app located. */
export function dpapiProtector(exe: () => Promise<string>, timeoutMs = 60_000): Protector {
  return {
    kind: 'DPAPI (current user)',
    async protect(secret) {
      return runPowerShell(await exe(), PROTECT, Buffer.from(secret, 'utf8').toString('base64'), timeoutMs);
    },
    async unprotect(blob) {
      const b64 = await runPowerShell(await exe(), UNPROTECT, blob, timeoutMs);
      return Buffer.from(b64, 'base64').toString('utf8');
    },
  };
}

export class FileSecretStore implements SecretStore {
  readonly persistent = true;

  constructor(
    readonly file: string,
    private readonly protector: Protector,
  ) {}

  get kind(): string {
    return this.protector.kind;
  }

  private async readAll(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new HmcError('SECRET_STORE_UNAVAILABLE', `The secret file ${this.file} could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check its permissions, or store the password again.`);
    }
    try {
      return JSON.parse(text) as Record<string, string>;
    } catch {
      throw new HmcError('SECRET_STORE_UNAVAILABLE', `The secret file ${this.file} is damaged; delete it and store the password again with "hmc secret set smtp".`);
    }
  }

  private async writeAll(data: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(data), { mode: 0o600 });
    // writeFile's mode applies only when the file is created: make sure of it.
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }

  async get(key: string): Promise<string | null> {
    const blob = (await this.readAll())[key];
    if (blob === undefined) return null;
    try {
      return await this.protector.unprotect(blob);
    } catch (e) {
      throw new HmcError('SECRET_STORE_UNAVAILABLE', `The stored secret ${key} could not be decrypted with ${this.protector.kind} (${(e as Error).message}): store it again as the account that runs the watcher.`);
    }
  }

  /** Whether a value is stored, without decrypting it (no PowerShell start for a status line). */
  async has(key: string): Promise<boolean> {
    return key in (await this.readAll());
  }

  async set(key: string, secret: string): Promise<void> {
    const data = await this.readAll();
    data[key] = await this.protector.protect(secret);
    await this.writeAll(data);
  }

  async delete(key: string): Promise<void> {
    const data = await this.readAll();
    if (!(key in data)) return;
    delete data[key];
    await this.writeAll(data);
  }

  async values(): Promise<string[]> {
    const out: string[] = [];
    for (const key of Object.keys(await this.readAll())) {
      // A value that no longer decrypts cannot appear in anything either: nothing to redact.
      const v = await this.get(key).catch(() => null);
      if (v) out.push(v);
    }
    return out;
  }

  toJSON(): unknown {
    return { kind: this.kind, file: this.file };
  }
}
