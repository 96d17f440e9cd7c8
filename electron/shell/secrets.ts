/**
 * The desktop app's secret store: Electron safeStorage (DPAPI on Windows, Keychain on macOS,
 * libsecret/kwallet on Linux), encrypted blobs in a JSON file in the data folder.
 * Refuses to persist when encryption is unavailable or when Linux falls back to its
 * `basic_text` backend (a hard-coded key: no protection); the caller then keeps secrets in memory.
 */
import { safeStorage } from 'electron';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HmcError } from '../../shared/errors';
import { NO_DIAGNOSTICS, type Diagnostics } from '../core/diagnostics';
import type { SecretStore } from '../services/secrets/store';

export function safeStorageProblem(platform = process.platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) {
    return 'The operating system offers no encryption for stored passwords here, so the console keeps them in memory for this session only.';
  }
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') {
      return 'No Linux keyring (GNOME Keyring or KWallet) is available: Electron would fall back to a fixed key (basic_text), so the console keeps passwords in memory for this session only.';
    }
  }
  return null;
}

export class ElectronSecretStore implements SecretStore {
  readonly kind = 'safeStorage';
  readonly persistent = true;

  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostics = NO_DIAGNOSTICS,
  ) {
    const problem = safeStorageProblem();
    if (problem) throw new HmcError('SECRET_STORE_UNAVAILABLE', problem);
  }

  /** No file yet: nothing stored. An unreadable or corrupt one counts as empty (the admin enters the password again) and is logged. */
  private async readAll(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.diagnostics.warn(`The stored passwords in ${this.file} could not be read; they count as not stored`, { error: (e as Error).message });
      }
      return {};
    }
    try {
      return JSON.parse(text) as Record<string, string>;
    } catch (e) {
      this.diagnostics.warn(`The stored passwords file ${this.file} is not valid JSON; it counts as empty and is replaced when a password is stored`, {
        error: (e as Error).message,
      });
      return {};
    }
  }

  private async writeAll(data: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(data), { mode: 0o600 });
    await rename(tmp, this.file);
  }

  async get(key: string): Promise<string | null> {
    const blob = (await this.readAll())[key];
    if (!blob) return null;
    try {
      return safeStorage.decryptString(Buffer.from(blob, 'base64'));
    } catch {
      throw new HmcError('SECRET_STORE_UNAVAILABLE', 'A stored password could not be decrypted (the OS keyring changed); enter it again.');
    }
  }

  async set(key: string, secret: string): Promise<void> {
    const problem = safeStorageProblem();
    if (problem) throw new HmcError('SECRET_STORE_UNAVAILABLE', problem);
    const data = await this.readAll();
    data[key] = safeStorage.encryptString(secret).toString('base64');
    await this.writeAll(data);
  }

  async values(): Promise<string[]> {
    const out: string[] = [];
    for (const blob of Object.values(await this.readAll())) {
      try {
        out.push(safeStorage.decryptString(Buffer.from(blob, 'base64')));
      } catch {
        // A value the keyring can no longer decrypt cannot appear in any text either.
      }
    }
    return out;
  }

  async delete(key: string): Promise<void> {
    const data = await this.readAll();
    delete data[key];
    await this.writeAll(data);
  }
}
