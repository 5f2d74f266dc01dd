/**
 * The hand-made RTT rows the trend and waits tests use. Reference geography (CCG April 2021,
 * ONS mid-2020 populations):
 *   10R   NHS Portsmouth CCG                                  pop   214,692  ICS QRL  South East (Y59)
 *   D9Y0V NHS Hampshire, Southampton and Isle of Wight CCG    pop 1,616,781  ICS QRL  South East (Y59)
 *   72Q   NHS South East London CCG                           pop 1,818,226  ICS QKK  London (Y56)
 *   13Q   National Commissioning Hub 1 (non-geographic: in England's waiting list, never an area)
 * England population (sum of the three areas) = 3,649,699; QRL = 1,831,473.
 *
 * Part_1A (patients treated), monthly counts (Total All, all providers and treatment functions):
 *   month    10R   D9Y0V   72Q   England  13Q (excluded)
 *   2019-04   10    1990   2000    4000    600
 *   2021-01    5    1645   2000    3650    500
 *   2021-02    5    1685   2010    3700    500   (10R unchanged: a tie, not "up")
 *   2021-03    9    1761   1980    3750    500
 *   2021-04   12    1788   2000    3800    500   (10R: 7 at RXX + 5 at RYY; 72Q: 1,900 C_110 + 100 C_100)
 *   2021-05   10    1820   2020    3850    500
 *   2021-06   15    1865   2020    3900    500   (72Q unchanged)
 *   2021-07   20    1900   2030    3950    500
 * England rises by 50 a month: a 7-point trend whose first and last points fall outside the XmR limits.
 *
 * Part_2 (waiting list) in 2021-03 (53 bands, open band 52+) and 2021-04 (105 bands, open band
 * 104+), week band → patients:
 *   2021-03  10R   RXX C_110 {0:4, 10:2, 30:1, 52:1}
 *            D9Y0V RXX C_110 {2:40, 17:20, 18:20, 40:15, 52:5}
 *            72Q   RYY C_110 {5:50, 20:30, 52:20}
 *            13Q   RYY C_110 {1:10, 52:10}
 *   2021-04  10R   RXX C_110 {0:3, 10:2, 70:1, 104:1}
 *            10R   RYY C_100 {1:2}
 *            D9Y0V RXX C_110 {2:40, 17:20, 18:20, 40:10, 53:4, 66:3, 80:2, 104:1}
 *            72Q   RYY C_110 {5:60, 20:15, 52:25}
 *            13Q   RYY C_110 {1:10, 60:10}
 */
import type { RttRowSpec } from "../helpers/rtt-store.ts";

const PARENT: Record<string, string | null> = {
  "10R": "QRL",
  D9Y0V: "QRL",
  "72Q": "QKK",
  "13Q": null,
};

const admitted = (
  month: string,
  commissioner: string,
  totalAll: number,
  extra: Partial<RttRowSpec> = {},
): RttRowSpec => ({
  month,
  commissioner,
  commissionerParent: PARENT[commissioner] ?? null,
  part: "Part_1A",
  totalAll,
  total: totalAll,
  unknownStart: 0,
  ...extra,
});

const waiting = (
  month: string,
  commissioner: string,
  provider: string,
  bands: Record<number, number>,
  tf = "C_110",
): RttRowSpec => ({
  month,
  commissioner,
  commissionerParent: PARENT[commissioner] ?? null,
  provider,
  part: "Part_2",
  tf,
  bands,
});

const MONTHLY: Array<[string, number, number, number]> = [
  ["2021-01", 5, 1645, 2000],
  ["2021-02", 5, 1685, 2010],
  ["2021-03", 9, 1761, 1980],
  ["2021-05", 10, 1820, 2020],
  ["2021-06", 15, 1865, 2020],
  ["2021-07", 20, 1900, 2030],
];

export const FIXTURE_ROWS: RttRowSpec[] = [
  admitted("2019-04", "10R", 10),
  admitted("2019-04", "D9Y0V", 1990),
  admitted("2019-04", "72Q", 2000),
  admitted("2019-04", "13Q", 600, { provider: "RYY" }),
  ...MONTHLY.flatMap(([month, a, b, c]) => [
    admitted(month, "10R", a),
    admitted(month, "D9Y0V", b),
    admitted(month, "72Q", c, { provider: "RYY" }),
    admitted(month, "13Q", 500, { provider: "RYY" }),
  ]),
  admitted("2021-04", "10R", 7),
  admitted("2021-04", "10R", 5, { provider: "RYY" }),
  admitted("2021-04", "D9Y0V", 1788),
  admitted("2021-04", "72Q", 1900, { provider: "RYY" }),
  admitted("2021-04", "72Q", 100, { provider: "RYY", tf: "C_100" }),
  admitted("2021-04", "13Q", 500, { provider: "RYY" }),

  waiting("2021-03", "10R", "RXX", { 0: 4, 10: 2, 30: 1, 52: 1 }),
  waiting("2021-03", "D9Y0V", "RXX", { 2: 40, 17: 20, 18: 20, 40: 15, 52: 5 }),
  waiting("2021-03", "72Q", "RYY", { 5: 50, 20: 30, 52: 20 }),
  waiting("2021-03", "13Q", "RYY", { 1: 10, 52: 10 }),
  waiting("2021-04", "10R", "RXX", { 0: 3, 10: 2, 70: 1, 104: 1 }),
  waiting("2021-04", "10R", "RYY", { 1: 2 }, "C_100"),
  waiting("2021-04", "D9Y0V", "RXX", {
    2: 40,
    17: 20,
    18: 20,
    40: 10,
    53: 4,
    66: 3,
    80: 2,
    104: 1,
  }),
  waiting("2021-04", "72Q", "RYY", { 5: 60, 20: 15, 52: 25 }),
  waiting("2021-04", "13Q", "RYY", { 1: 10, 60: 10 }),
];

/** Populations of the reference data (ONS mid-2020, CCG April 2021). */
export const POP = { "10R": 214692, D9Y0V: 1616781, "72Q": 1818226 } as const;
export const ENGLAND_POP = POP["10R"] + POP.D9Y0V + POP["72Q"]; // 3,649,699
export const QRL_POP = POP["10R"] + POP.D9Y0V; // 1,831,473
