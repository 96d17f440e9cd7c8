/** The fields a change touched (pure): before and after values of every field that differs. */

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Fields that change on every write or that the console derives: not what the admin changed. */
const IGNORED: ReadonlySet<string> = new Set(['WhenChanged', 'Identity']);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Every field of either object whose value differs, in the order of `before`'s fields, then `after`'s. */
export function changedValues(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  if (!before || !after) return [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((k) => !IGNORED.has(k) && !same(before[k], after[k])).map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}
