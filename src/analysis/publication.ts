import { MissingDataError } from "../errors.ts";
import { addMonths, splitMonth } from "../months.ts";
import { awaitedLater } from "../promises.ts";
import { allHeldMonths, commissionerCountsFor, waitingListFor } from "../store/activity-queries.ts";
import type { Store } from "../store/db.ts";

import type { Denominator } from "./denominators.ts";
import { MEASURE_PART, resolveSpecialty } from "./options.ts";
import { trend } from "./trend.ts";
import type { MeasureBasis, TrendOutput, VariationResult, WaitsOutput } from "./types.ts";
import { variation } from "./variation.ts";
import { waits } from "./waits.ts";

/** The specialties the publication report shows beside all specialties (the Ration Watch trio). */
export const REPORT_SPECIALTIES = ["C_100", "C_110", "C_320"] as const;

export interface PublicationOptions {
  from: string;
  to: string;
  /** Main specialty (default all). */
  specialty?: string;
  seed?: number;
  /** Which population divides every rate (default `resident`). */
  denominator?: Denominator;
  /** Which figure orders the league tables and leads the headlines and map (default `crude`). */
  measureBasis?: MeasureBasis;
}

/** Every analysis result the publication report shows, computed once, unchanged downstream. */
export interface PublicationFigures {
  variation: VariationResult;
  specialties: VariationResult[];
  /** Null when the store holds no month just before `to` (a trend needs two consecutive months). */
  trend: TrendOutput | null;
  waits: WaitsOutput;
  waitsByCommissioner: WaitsOutput;
}

/**
 * Runs the analyses behind the report: variation (main + the three specialties, commissioner
 * level), the national trend over every held month up to `to` (so SPC limits and 2019 recovery
 * have history), and waiting times by region and commissioner in `to` — against the same month of
 * 2019 when the store holds it.
 *
 * The analyses are the commands' own, unchanged; for speed they run with the store's queries
 * memoised (the areas, periods and reference lookups each analysis repeats are asked once), after
 * one grouped scan for every specialty's counts and one for the waiting list's week bands of both
 * months, which answer the analyses' per-specialty and per-month queries.
 */
export async function publicationFigures(
  store: Store,
  options: PublicationOptions,
): Promise<PublicationFigures> {
  return store.memoised(() => computeFigures(store, options));
}

async function computeFigures(
  store: Store,
  options: PublicationOptions,
): Promise<PublicationFigures> {
  const { from, to, seed } = options;
  const { denominator, measureBasis } = options;
  const mainSpecialty = resolveSpecialty(options.specialty);
  const named = mainSpecialty.code === "all" ? REPORT_SPECIALTIES.map(resolveSpecialty) : [];
  await commissionerCountsFor(store, { from, to, part: MEASURE_PART.admitted }, [
    mainSpecialty.tfCodes,
    ...named.map((s) => s.tfCodes),
  ]);
  // The analyses do not depend on each other: they start together and each computes while another
  // waits on DuckDB (the store answers a second read on its spare connection). Each has its own
  // seeded generator, so the figures are the same as one after another; they are awaited in the
  // order they were written, so the first problem reported is the same too.
  const mainRun = awaitedLater(
    variation(store, { from, to, specialty: options.specialty, seed, denominator, measureBasis }),
  );
  // A specialty with no activity in the window has nothing to show: it is left out.
  const specialtyRuns = named.map((specialty) =>
    awaitedLater(
      variation(store, {
        from,
        to,
        specialty: specialty.code,
        seed,
        denominator,
        measureBasis,
      }).catch((e: unknown) => {
        if (e instanceof MissingDataError) return null;
        throw e;
      }),
    ),
  );
  const held = await allHeldMonths(store);
  const trendFrom = firstOfContiguousRun(held, to) ?? from;
  // One month on its own has no trend: the report leaves the section out and says why.
  const trendRun = awaitedLater(
    trendFrom < to
      ? trend(store, { from: trendFrom, to, specialty: options.specialty, denominator })
      : Promise.resolve(null),
  );
  const baseline = `2019-${String(splitMonth(to).month).padStart(2, "0")}`;
  const waitBaseline = held.includes(baseline) && baseline !== to ? baseline : null;
  const waitsRuns = awaitedLater(
    (async () => {
      if (held.includes(to)) {
        await waitingListFor(
          store,
          waitBaseline ? [to, waitBaseline] : [to],
          mainSpecialty.tfCodes,
        );
      }
      const common = { month: to, specialty: options.specialty, baseline: waitBaseline };
      const byRegion = await waits(store, { ...common, level: "region" });
      const byCommissioner = await waits(store, { ...common, level: "commissioner" });
      return [byRegion, byCommissioner] as const;
    })(),
  );
  const main = await mainRun;
  const specialties: VariationResult[] = [];
  for (const run of specialtyRuns) {
    const result = await run;
    if (result) specialties.push(result);
  }
  const trendResult = await trendRun;
  const [waitsByRegion, waitsByCommissioner] = await waitsRuns;
  return {
    variation: main,
    specialties,
    trend: trendResult,
    waits: waitsByRegion,
    waitsByCommissioner,
  };
}

/** The first month of the unbroken run of held months that ends at `to`. */
function firstOfContiguousRun(held: string[], to: string): string | undefined {
  const set = new Set(held);
  if (!set.has(to)) return undefined;
  let first = to;
  while (set.has(addMonths(first, -1))) first = addMonths(first, -1);
  return first;
}
