// Shared helpers for the report tests: the committed fixture and the golden-file normaliser.
import { readFileSync } from "node:fs";

import type { TrendResult } from "../../src/analysis/types.ts";
import type { ReportBoundaries, ReportInput } from "../../src/report/types.ts";

const fixtureUrl = (name: string) => new URL(`../fixtures/report/${name}`, import.meta.url);

/** The fixture's input: it always has a trend. */
export type FixtureInput = ReportInput & { trend: TrendResult };

/** The committed 21-area ReportInput (see write-fixture.ts), optionally with its boundaries. */
export function loadFixture(options: { boundaries?: boolean } = {}): FixtureInput {
  const input = JSON.parse(readFileSync(fixtureUrl("figures.json"), "utf8")) as FixtureInput;
  if (options.boundaries) {
    input.boundaries = JSON.parse(
      readFileSync(fixtureUrl("boundaries.json"), "utf8"),
    ) as ReportBoundaries;
  }
  return input;
}

/** The same input with every result marked as real (not synthetic) data. */
export function asReal<T extends ReportInput>(input: T): T {
  const real = <T extends { source: { synthetic: boolean } }>(r: T): T => ({
    ...r,
    source: { ...r.source, synthetic: false },
  });
  return {
    ...input,
    variation: real(input.variation),
    specialties: input.specialties.map(real),
    trend: input.trend && real(input.trend),
    waits: real(input.waits),
    waitsByCommissioner: input.waitsByCommissioner && real(input.waitsByCommissioner),
  };
}

/**
 * Golden-file normaliser (house style): numbers with more than 3 decimals to 3, Plot's generated class
 * names and clip-path ids to stable values, one element per line so diffs are readable.
 */
export function normalize(markup: string): string {
  const ids = new Map<string, string>();
  return markup
    .replace(/plot-clip-\d+/g, (id) => {
      if (!ids.has(id)) ids.set(id, `plot-clip-${ids.size + 1}`);
      return ids.get(id) ?? id;
    })
    .replace(/plot-[0-9a-f]{6}\b/g, "plot-class")
    .replace(/-?\d+\.\d{4,}/g, (n) => Number(n).toFixed(3))
    .replace(/></g, ">\n<");
}
