/**
 * The collector every masked literal of a plan goes through. Masked values become MASK
 * ("********"); the literals are remembered only to scrub any other place they might reappear
 * (free text, raw XML) and are never part of the output. What counts as a secret is
 * shared/secrets.ts.
 */
import { MASK } from '../secrets';

export class SecretSink {
  readonly literals = new Set<string>();
  private readonly plaintext = new WeakMap<object, Set<string>>();

  /** Notes that `owner[key]` held a secret that was not IIQ-encrypted (a plaintext credential). */
  markPlaintext(owner: object, key: string): void {
    let s = this.plaintext.get(owner);
    if (!s) this.plaintext.set(owner, (s = new Set()));
    s.add(key);
  }

  plaintextKeys(owner: object): string[] {
    return [...(this.plaintext.get(owner) ?? [])];
  }

  /** Remembers every string inside a secret value and returns the mask. */
  mask(value: unknown): string {
    this.collect(value, 0);
    return MASK;
  }

  private collect(value: unknown, depth: number): void {
    if (depth > 1000 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (value !== MASK && value.trim() !== '') this.literals.add(value);
      return;
    }
    if (typeof value === 'number') {
      this.literals.add(String(value));
      return;
    }
    if (Array.isArray(value)) {
      for (const v of value) this.collect(v, depth + 1);
      return;
    }
    if (typeof value === 'object') for (const k in value) this.collect((value as Record<string, unknown>)[k], depth + 1);
  }

  private searchCache: string[] | null = null;

  /** Literals long enough to be searched for inside free text without mangling it. */
  searchable(): string[] {
    if (this.searchCache && this.searchCache.length <= this.literals.size) {
      if (this.searchCount === this.literals.size) return this.searchCache;
    }
    const out: string[] = [];
    for (const s of this.literals) if (s.length >= 6 && s !== 'true' && s !== 'false') out.push(s);
    this.searchCache = out;
    this.searchCount = this.literals.size;
    return out;
  }

  private searchCount = -1;

  /** Exact match only: a whole string that is a remembered secret. O(1). */
  scrubExact(text: string): string {
    return this.literals.size !== 0 && this.literals.has(text) ? MASK : text;
  }

  /** Replaces any remembered secret (>= 6 chars) inside free text, and exact matches of short ones. */
  scrub(text: string): string {
    if (this.literals.size === 0) return text;
    if (this.literals.has(text)) return MASK;
    let out = text;
    for (const s of this.searchable()) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  }
}
