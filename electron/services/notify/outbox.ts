/**
 * The outbox: every mail the console means to send, with its state (queued, sending, sent, failed
 * with the reason). Behind a small interface so a shared database store (PostgreSQL, planned) can
 * replace the embedded one; the embedded store keeps one folder in the data folder:
 * `<id>.json` (the item's state, rewritten atomically under the folder's lock) and `<id>.mail.json`
 * (the message, written once). Two processes on one data folder see one outbox; a mail is claimed
 * with a lease before it is sent, so only one of them sends it.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ComposedMail, OutboxItem, type StoredMail } from '../../../shared/notify/schemas';
import type { Diagnostics } from '../../core/diagnostics';
import { FolderLock, readJson, writeJsonAtomic } from './files';

export interface OutboxStore {
  /** Where the mails are kept (shown to the admin). */
  readonly location: string;
  add(mail: StoredMail): Promise<void>;
  /** Newest first, without the messages. */
  list(limit?: number): Promise<OutboxItem[]>;
  get(id: string): Promise<StoredMail | null>;
  /** Reads one item, applies `change` and writes it, under the store's lock; `change` returns null to leave it as it is. */
  update(id: string, change: (item: OutboxItem) => OutboxItem | null): Promise<OutboxItem | null>;
  remove(id: string): Promise<boolean>;
}

/** How many delivered mails stay listed; failed and queued ones stay until resent or discarded. */
export const KEEP_SENT = 200;

const ID = /^[A-Za-z0-9_-]{1,100}$/;

export class FileOutboxStore implements OutboxStore {
  private readonly lock: FolderLock;

  constructor(
    readonly location: string,
    private readonly diagnostics: Diagnostics,
  ) {
    this.lock = new FolderLock(join(location, '.outbox'), diagnostics);
  }

  private itemFile(id: string): string {
    if (!ID.test(id)) throw new Error(`not an outbox id: ${id.slice(0, 40)}`);
    return join(this.location, `${id}.json`);
  }

  private mailFile(id: string): string {
    return join(this.location, `${id}.mail.json`);
  }

  private async readItem(id: string): Promise<OutboxItem | null> {
    try {
      const got = await readJson(this.itemFile(id));
      if (!got) return null;
      const parsed = OutboxItem.safeParse(got.value);
      if (parsed.success) return parsed.data;
      this.diagnostics.warn(`Outbox item ${id} does not match the outbox schema and is skipped.`, { issue: parsed.error.issues[0]?.message });
      return null;
    } catch (e) {
      this.diagnostics.error(`Outbox item ${id} could not be read`, e);
      return null;
    }
  }

  async add(mail: StoredMail): Promise<void> {
    const { mail: message, ...item } = mail;
    await writeJsonAtomic(this.mailFile(mail.id), message);
    await this.lock.run(async () => {
      await writeJsonAtomic(this.itemFile(mail.id), item);
    });
    await this.prune();
  }

  async list(limit = 1_000): Promise<OutboxItem[]> {
    let names: string[];
    try {
      names = await readdir(this.location);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const ids = names.filter((n) => n.endsWith('.json') && !n.endsWith('.mail.json')).map((n) => n.slice(0, -5)).filter((id) => ID.test(id));
    const items = (await Promise.all(ids.map((id) => this.readItem(id)))).filter((x): x is OutboxItem => x !== null);
    items.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    return items.slice(0, limit);
  }

  async get(id: string): Promise<StoredMail | null> {
    const item = await this.readItem(id);
    if (!item) return null;
    try {
      const got = await readJson(this.mailFile(id));
      const mail = got ? ComposedMail.safeParse(got.value) : null;
      if (!mail?.success) return null;
      return { ...item, mail: mail.data };
    } catch (e) {
      this.diagnostics.error(`Outbox mail ${id} could not be read`, e);
      return null;
    }
  }

  async update(id: string, change: (item: OutboxItem) => OutboxItem | null): Promise<OutboxItem | null> {
    return this.lock.run(async () => {
      const item = await this.readItem(id);
      if (!item) return null;
      const next = change(item);
      if (!next) return null;
      await writeJsonAtomic(this.itemFile(id), next);
      return next;
    });
  }

  async remove(id: string): Promise<boolean> {
    return this.lock.run(async () => {
      const item = await this.readItem(id);
      await rm(this.itemFile(id), { force: true });
      await rm(this.mailFile(id), { force: true });
      return item !== null;
    });
  }

  /** Drops the oldest delivered mails beyond KEEP_SENT. */
  private async prune(): Promise<void> {
    const sent = (await this.list()).filter((i) => i.state === 'sent');
    for (const old of sent.slice(KEEP_SENT)) {
      await rm(this.itemFile(old.id), { force: true });
      await rm(this.mailFile(old.id), { force: true });
    }
  }
}
