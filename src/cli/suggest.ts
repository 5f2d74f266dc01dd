/** "Did you mean …?" for a misspelt command or option: the closest known name, if close enough. */

/** Levenshtein distance (insertions, deletions, substitutions; a swap of neighbours counts 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] ?? 0, ((d[i - 2] as number[])[j - 2] ?? 0) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] ?? 0;
}

/**
 * The known name closest to `word` when it is a plausible typo (one edit; or 2 from 5 letters, 3
 * from 9) or `word` is a prefix of exactly one name; undefined otherwise.
 * @example suggest("variaton", ["variation", "trend"]) // "variation"
 */
export function suggest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const distance = editDistance(w, k.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [k, distance];
  }
  // One slip of the finger first ("--form" is "--from"), then a unique prefix ("rep" → "report").
  if (bestDistance <= 1) return best;
  const prefixed = known.filter((k) => k.startsWith(w));
  if (w.length >= 3 && prefixed.length === 1) return prefixed[0];
  const limit = w.length >= 9 ? 3 : w.length >= 5 ? 2 : 1;
  return bestDistance <= limit ? best : undefined;
}
