/**
 * The hand-made store the variation tests use. Reference geography (CCG April 2021, ONS mid-2020):
 *   03R NHS Wakefield CCG       pop 351,592  ICS QWO  North East and Yorkshire (Y63)
 *   15F NHS Leeds CCG           pop 798,786  ICS QWO  North East and Yorkshire
 *   02T NHS Calderdale CCG      pop 211,439  ICS QWO  North East and Yorkshire
 *   11J NHS Dorset CCG          pop 776,780  ICS QVV  South West (Y58)     (the ICS's only area here)
 *   12F NHS Wirral CCG          pop 324,336  ICS QYG  North West (Y62)      (treats no one: a tie…)
 *   05W NHS Stoke on Trent CCG  pop 264,873  ICS QNC  Midlands (Y60)        (…with this one)
 *   13Q national hub, NONC: non-geographic; ZZ1: a code the reference does not know.
 *
 * Part_1A (patients treated), Total All per month; the window 2021-03..2021-04 crosses the April
 * 2021 band change (53 bands, then 105):
 *   code   2021-03  2021-04  window
 *   03R       400     500      900   (2021-04: 450 C_110 + 50 C_100)
 *   15F       600     700     1300
 *   02T       100     100      200
 *   11J         5       3        8   (under 10 events: exact Poisson interval)
 *   12F         0       0        0
 *   05W         0       0        0
 *   13Q        25      25       50   excluded
 *   NONC       10      10       20   excluded
 *   ZZ1         3       4        7   excluded (unknown)
 * Areas: 2,408 patients, population 2,727,806. National (C_999 rows): 2,485.
 * Part_2 rows for 03R (1,000 a month) must not count as patients treated.
 */
import type { RttRowSpec } from "../helpers/rtt-store.ts";

type Monthly = [string, number, number];

const ADMITTED: Monthly[] = [
  ["15F", 600, 700],
  ["02T", 100, 100],
  ["11J", 5, 3],
  ["12F", 0, 0],
  ["05W", 0, 0],
  ["13Q", 25, 25],
  ["NONC", 10, 10],
  ["ZZ1", 3, 4],
];

export const VARIATION_ROWS: RttRowSpec[] = [
  // Wakefield: bands on both sides of the band change; a general-surgery row in April.
  { month: "2021-03", commissioner: "03R", part: "Part_1A", bands: { 0: 100, 10: 200, 52: 100 } },
  { month: "2021-04", commissioner: "03R", part: "Part_1A", bands: { 0: 200, 60: 250 } },
  { month: "2021-04", commissioner: "03R", part: "Part_1A", tf: "C_100", bands: { 3: 50 } },
  { month: "2021-03", commissioner: "03R", part: "Part_2", bands: { 20: 1000 } },
  { month: "2021-04", commissioner: "03R", part: "Part_2", bands: { 20: 1000 } },
  ...ADMITTED.flatMap(([commissioner, march, april]): RttRowSpec[] => [
    { month: "2021-03", commissioner, part: "Part_1A", bands: { 5: march } },
    { month: "2021-04", commissioner, part: "Part_1A", bands: { 5: april } },
  ]),
];
