/**
 * Charts drawn once per distinct input. A page's charts are pure functions of the analysis results
 * they draw (memoised and never changed once made, see server/data.ts) and a few options, and
 * several pages draw the same ones (an indicator's other orders and bases; the home page's map and
 * the default indicator's): each is drawn the first time and reused while its results live.
 */
const drawn = new WeakMap<object, Map<string, unknown>>();
const ids = new WeakMap<object, number>();
let nextId = 1;

/** A number naming `o` for as long as it lives (for objects among a cache key's options). */
export function idOf(o: object | null | undefined): string {
  if (!o) return "-";
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return String(id);
}

/** `draw()`'s result for `owner` and `key`, drawn on the first call. */
export function drawOnce<T>(owner: object, key: string, draw: () => T): T {
  let m = drawn.get(owner);
  if (!m) {
    m = new Map();
    drawn.set(owner, m);
  }
  if (!m.has(key)) m.set(key, draw());
  return m.get(key) as T;
}
