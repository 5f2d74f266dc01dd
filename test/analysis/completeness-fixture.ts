/**
 * A hand-made store in which one provider, RYY, submits nothing in June 2021 (CCG April 2021
 * geography, ONS mid-2020 populations). Part_1A (patients treated), Total All:
 *   code  provider  2021-05  2021-06  2021-07
 *   03R   RXX          400      410      400
 *   03R   RYY          100        –      100    RYY = 200 ÷ 1,000 = 20% of 03R's usual activity
 *   15F   RXX          990     1000      990
 *   15F   RYY           10        –       10    1% of 15F's: under the 5% threshold
 *   02T   RXX          200      210      200
 *   11J   RXX          300      310      300
 *   05W   RXX          250      260      250
 * For the window 2021-06 alone, 03R (Wakefield) is incomplete, named with "Provider RYY (RYY),
 * 20.0% of its activity", and the other four areas are ranked: England = 15F+02T+11J+05W =
 * 1,780 patients over 798,786 + 211,439 + 776,780 + 264,873 = 2,051,878 people.
 */
import type { RttRowSpec } from "../helpers/rtt-store.ts";

type Cell = [
  commissioner: string,
  provider: string,
  may: number,
  june: number | null,
  july: number,
];

const CELLS: Cell[] = [
  ["03R", "RXX", 400, 410, 400],
  ["03R", "RYY", 100, null, 100],
  ["15F", "RXX", 990, 1000, 990],
  ["15F", "RYY", 10, null, 10],
  ["02T", "RXX", 200, 210, 200],
  ["11J", "RXX", 300, 310, 300],
  ["05W", "RXX", 250, 260, 250],
];

export const COMPLETENESS_ROWS: RttRowSpec[] = CELLS.flatMap(([commissioner, provider, ...n]) =>
  (["2021-05", "2021-06", "2021-07"] as const).flatMap((month, i): RttRowSpec[] => {
    const totalAll = n[i];
    return totalAll === null || totalAll === undefined
      ? []
      : [{ month, commissioner, provider, part: "Part_1A", bands: { 5: totalAll } }];
  }),
);

export const ENGLAND_COUNT = 1000 + 210 + 310 + 260;
export const ENGLAND_POPULATION = 798_786 + 211_439 + 776_780 + 264_873;
export const WAKEFIELD_REASON =
  "incomplete: 20.0% of its activity normally comes from providers that submitted no data for 2021-06 — Provider RYY (RYY), 20.0% of its activity; not ranked";
