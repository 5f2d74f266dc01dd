/**
 * The small store the completeness tests share: twelve sub-ICB locations whose codes are the same in
 * every geography (2021 to 2026), each with a monthly count from provider RXX, and Wakefield (03R)
 * also treated by RYY (100 a month) in some months only: in the others RYY, a fifth of 03R's usual
 * activity, did not submit, so 03R is incomplete there.
 */
import type { RttRowSpec } from "./rtt-store.ts";

/** [code, monthly count from RXX]. */
export const TWELVE_AREAS: ReadonlyArray<readonly [string, number]> = [
  ["03R", 400],
  ["00L", 300],
  ["00N", 150],
  ["00P", 260],
  ["00Q", 140],
  ["00R", 180],
  ["00T", 330],
  ["00V", 170],
  ["00X", 210],
  ["00Y", 240],
  ["01A", 190],
  ["01D", 320],
];

/**
 * Rows for `months`: every area's RXX count (plus `step` × the month's index), and RYY's 100 to 03R
 * in `ryyMonths` only.
 */
export function rowsWithRyyIn(
  months: readonly string[],
  ryyMonths: readonly string[],
  step = 0,
): RttRowSpec[] {
  return [
    ...TWELVE_AREAS.flatMap(([commissioner, n]) =>
      months.map((month, i): RttRowSpec => ({
        month,
        commissioner,
        provider: "RXX",
        part: "Part_1A",
        bands: { 5: n + step * i },
      })),
    ),
    ...ryyMonths.map((month): RttRowSpec => ({
      month,
      commissioner: "03R",
      provider: "RYY",
      part: "Part_1A",
      bands: { 5: 100 },
    })),
  ];
}
