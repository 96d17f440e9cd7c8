/**
 * Where credentials live. The desktop app injects an Electron safeStorage store
 * (electron/secrets-electron.ts); the web host and the CLI use memory only (prompted per session).
 * Secrets never reach settings, logs, audit records, errors or the renderer.
 */
export interface SecretStore {
  /** 'memory' or 'safeStorage'. */
  readonly kind: string;
  /** True when secrets survive a restart. */
  readonly persistent: boolean;
  get(key: string): Promise<string | null>;
  set(key: string, secret: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every value held, so text that leaves the console (mails, diagnostics) can be scrubbed of them. */
  values?(): Promise<string[]>;
}

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  readonly persistent = false;
  private readonly map = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.map.get(key) ?? null;
  }

  async set(key: string, secret: string): Promise<void> {
    this.map.set(key, secret);
  }

  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }

  async values(): Promise<string[]> {
    return [...this.map.values()];
  }

  /** Keeps secrets out of util.inspect / JSON dumps of the services container. */
  toJSON(): unknown {
    return { kind: this.kind, entries: this.map.size };
  }
}

export function exchangeSecretKey(userName: string): string {
  return `exchange:${userName.toLowerCase()}`;
}
