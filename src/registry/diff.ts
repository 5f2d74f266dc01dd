/** Field-by-field differences between two versions of a record (pure). */

export interface FieldChange {
  /** Dotted path of the field, with array indexes: `criteria.0.threshold`. */
  path: string;
  before: unknown;
  after: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Every leaf that differs between `before` and `after` (a missing field counts as undefined), in
 * path order.
 * @example diffRecords({ a: 1, b: [1] }, { a: 2, b: [1, 2] }) // a: 1 → 2, b.1: undefined → 2
 */
export function diffRecords(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffRecords(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    const out: FieldChange[] = [];
    for (let i = 0; i < n; i++) out.push(...diffRecords(before[i], after[i], `${path}.${i}`));
    return out;
  }
  return canonicalJson(before) === canonicalJson(after) ? [] : [{ path, before, after }];
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  }
  return value;
}

/** One line per change: `threshold: 30 → 35`. */
export function formatDiff(changes: FieldChange[]): string[] {
  const show = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));
  return changes.map((c) => `${c.path}: ${show(c.before)} → ${show(c.after)}`);
}
