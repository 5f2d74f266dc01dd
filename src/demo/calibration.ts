/**
 * Every number the synthetic demo data is calibrated to, in one place. Figures are England totals
 * per month from `shared/docs/calibration-facts.md` §2.1 (SPN "main findings" rows, cited by month
 * below) unless marked "assumed"; regional and CCG rates are the June 2021 Ration Watch / MTG figures
 * of §2.3; treatment-function mixes follow §2.2. Between knots values are interpolated linearly by
 * month (long-wait counts geometrically); outside the knots the nearest knot holds.
 */
import { splitMonth } from "../months.ts";

/** `[month, value]` pairs in month order. */
export type Knots = readonly (readonly [string, number])[];

/** First and last month the demo generator covers. */
export const DEMO_FIRST_MONTH = "2012-10";
export const DEMO_LAST_MONTH = "2025-12";

/** Fixed seed of the structure (providers, who serves whom, commissioner multipliers): the
 * `--seed` flag only changes the noise, so the published-like ranking holds for every seed. */
export const STRUCTURE_SEED = 20210630;

/** Mild calendar seasonality of activity (flows only; December and April dips; assumed). */
export const SEASONAL_FACTOR = [
  0.97, 0.95, 1.05, 0.93, 0.98, 1.02, 1.05, 0.97, 1.0, 1.05, 1.03, 0.88,
] as const;

/** Admitted completions (Part_1A), thousands a month before seasonality. Checks: Oct 2012 337k,
 * Sep 2018 284k, Jul 2019 314k, Dec 2019 253k, Feb 2021 153k, Jun 2021 275k, Jul 2021 260k,
 * Aug 2021 232k; April 2020 about a third of normal (brief). */
// prettier-ignore
export const ADMITTED_KNOTS: Knots = [
  ["2012-10", 320], ["2016-04", 300], ["2018-09", 288], ["2019-04", 296], ["2020-02", 291],
  ["2020-03", 215], ["2020-04", 98], ["2020-05", 120], ["2020-06", 160], ["2020-07", 195],
  ["2020-08", 215], ["2020-09", 235], ["2020-10", 240], ["2020-12", 235], ["2021-01", 175],
  ["2021-02", 162], ["2021-03", 225], ["2021-04", 245], ["2021-06", 268], ["2021-07", 248],
  ["2021-08", 240], ["2022-03", 262], ["2023-03", 270], ["2024-03", 285], ["2025-09", 290],
];

/** Non-admitted completions (Part_1B), thousands. Checks: Oct 2012 1,002k, Sep 2018 1,009k,
 * Jul 2019 1,179k, Dec 2019 972k, Feb 2021 819k, Aug 2021 905k. */
// prettier-ignore
export const NON_ADMITTED_KNOTS: Knots = [
  ["2012-10", 955], ["2018-09", 1009], ["2019-07", 1120], ["2020-02", 1100], ["2020-03", 850],
  ["2020-04", 480], ["2020-05", 520], ["2020-06", 650], ["2020-07", 750], ["2020-09", 850],
  ["2020-12", 880], ["2021-01", 800], ["2021-02", 862], ["2021-03", 950], ["2021-06", 1010],
  ["2021-08", 933], ["2022-03", 1050], ["2023-03", 1100], ["2024-03", 1150],
];

/** New RTT periods (Part_3), thousands. Checks (provider-parent sums, §2.1 flow checks): Apr 2020
 * 496k, Jun 2021 1,682k, Jul 2021 1,610k, Aug 2021 1,469k, Mar 2022 1,790k, Sep 2022 1,637k. */
// prettier-ignore
export const CLOCK_START_KNOTS: Knots = [
  ["2012-10", 1350], ["2019-04", 1650], ["2020-02", 1650], ["2020-03", 1250], ["2020-04", 520],
  ["2020-05", 700], ["2020-06", 950], ["2020-07", 1150], ["2020-09", 1350], ["2020-12", 1350],
  ["2021-01", 1200], ["2021-02", 1350], ["2021-03", 1550], ["2021-06", 1640], ["2021-07", 1540],
  ["2021-08", 1515], ["2022-03", 1700], ["2022-09", 1640], ["2023-09", 1700], ["2024-03", 1750],
];

/** Waiting list (Part_2), millions. Oct 2012 2.63, Jun 2013 2.88, Sep 2018 4.13, Jul 2019 4.37,
 * Nov 2019 4.42, Feb 2020 4.57, Feb 2021 4.70, Jun 2021 5.45, Jul 2021 5.61, Aug 2021 5.7,
 * Sep 2021 5.83, Dec 2021 ~6, Mar 2022 6.4, Oct 2022 7.2, May 2023 7.47, Aug 2023 7.75,
 * Sep 2023 7.77, Jan 2024 7.58, Feb 2024 7.54, Jun 2024 7.62, Aug 2024 7.64, Mar 2025 7.42;
 * spring-2020 dip assumed. */
// prettier-ignore
export const LIST_KNOTS: Knots = [
  ["2012-10", 2.63], ["2013-06", 2.88], ["2016-04", 3.7], ["2018-09", 4.13], ["2019-04", 4.25],
  ["2019-07", 4.37], ["2019-11", 4.42], ["2019-12", 4.4], ["2020-02", 4.57], ["2020-03", 4.24],
  ["2020-04", 4.1], ["2020-05", 3.88], ["2020-06", 3.86], ["2020-08", 4.16], ["2020-11", 4.46],
  ["2020-12", 4.51], ["2021-02", 4.7], ["2021-03", 4.95], ["2021-04", 5.12], ["2021-05", 5.3],
  ["2021-06", 5.45], ["2021-07", 5.61], ["2021-08", 5.7], ["2021-09", 5.83], ["2021-12", 6.05],
  ["2022-03", 6.4], ["2022-10", 7.15], ["2023-03", 7.33], ["2023-05", 7.47], ["2023-08", 7.75],
  ["2023-09", 7.77], ["2023-10", 7.71], ["2024-01", 7.58], ["2024-02", 7.54], ["2024-06", 7.62],
  ["2024-08", 7.64], ["2024-09", 7.57], ["2025-03", 7.42], ["2025-09", 7.4],
];

/** % of the list waiting under 18 weeks. Oct 2012 94.8, Jun 2013 94.6, Sep 2018 86.7,
 * Jul 2019 85.8, Dec 2019 83.7, Feb 2020 ~83, Feb 2021 64.5, Jun 2021 68.8, Aug 2021 67.6,
 * Sep 2021 66.5, Dec 2021 64, Mar 2022 62.4, Feb 2024 57.6, Aug 2024 58.3, Mar 2025 59.8,
 * Sep 2025 61.8; March 2020 – January 2021 assumed (trough below 50% in summer 2020). */
// prettier-ignore
export const PCT18_KNOTS: Knots = [
  ["2012-10", 94.8], ["2013-06", 94.6], ["2016-04", 91.5], ["2018-09", 86.7], ["2019-07", 85.8],
  ["2019-12", 83.7], ["2020-02", 83.0], ["2020-03", 79.7], ["2020-04", 71.4], ["2020-05", 62.1],
  ["2020-06", 52.0], ["2020-07", 46.8], ["2020-08", 53.4], ["2020-09", 60.2], ["2020-11", 67.6],
  ["2021-01", 65.3], ["2021-02", 64.5], ["2021-04", 70.0], ["2021-06", 68.8], ["2021-08", 67.6],
  ["2021-09", 66.5], ["2021-12", 64.0], ["2022-03", 62.4], ["2023-03", 58.6], ["2024-02", 57.6],
  ["2024-08", 58.3], ["2025-03", 59.8], ["2025-09", 61.8],
];

/** Median wait of the list, weeks. Oct 2012 5.3, Jun 2013 5.7, Sep 2018 7.6, Jul 2019 7.3,
 * Dec 2019 8.3, Feb 2021 12.6, Aug 2021 11.5, Feb 2024 14.8, Aug 2024 14.6, Sep 2024 14.4,
 * Mar 2025 13.8; 2020 assumed (consistent with the % under 18 weeks). */
// prettier-ignore
export const MEDIAN_KNOTS: Knots = [
  ["2012-10", 5.3], ["2013-06", 5.7], ["2018-09", 7.6], ["2019-07", 7.3], ["2019-12", 8.3],
  ["2020-02", 8.0], ["2020-03", 8.6], ["2020-04", 10.5], ["2020-05", 14.0], ["2020-06", 17.2],
  ["2020-07", 19.2], ["2020-08", 16.6], ["2020-09", 14.5], ["2020-11", 11.5], ["2021-02", 12.6],
  ["2021-06", 11.2], ["2021-08", 11.5], ["2022-03", 13.0], ["2023-03", 14.2], ["2024-02", 14.8],
  ["2024-08", 14.6], ["2024-09", 14.4], ["2025-03", 13.8],
];

/** Patients waiting over 52 weeks. Jun 2013 318, Sep 2018 3,156, Jul 2019 1,032, Dec 2019 1,467,
 * Feb 2021 387,885, Mar 2021 436,127 (peak), Jun 2021 304,803, Jul 2021 293,102,
 * Aug 2021 292,138, Dec 2021 311,000, Feb 2022 299,478, Mar 2022 306,286, May 2023 385,022,
 * Aug 2023 396,643, Jan 2024 321,394, Feb 2024 305,050; other months assumed. */
// prettier-ignore
export const OVER52_KNOTS: Knots = [
  ["2012-10", 600], ["2013-06", 318], ["2018-09", 3156], ["2019-07", 1032], ["2019-12", 1467],
  ["2020-03", 1613], ["2020-04", 11042], ["2020-05", 26029], ["2020-06", 50536],
  ["2020-07", 83203], ["2020-08", 111026], ["2020-09", 139545], ["2020-10", 162888],
  ["2020-11", 192169], ["2020-12", 224290], ["2021-01", 304044], ["2021-02", 387885],
  ["2021-03", 436127], ["2021-04", 385490], ["2021-05", 336733], ["2021-06", 304803],
  ["2021-07", 293102], ["2021-08", 292138], ["2021-12", 311000], ["2022-02", 299478],
  ["2022-03", 306286], ["2022-10", 400000], ["2023-05", 385022], ["2023-08", 396643],
  ["2024-01", 321394], ["2024-02", 305050], ["2024-06", 290000], ["2025-03", 180000],
];

/** Patients waiting over 78 weeks (from April 2021): Jun 2021 85,954, May 2023 11,446,
 * Aug 2023 8,998, Jan 2024 14,013, Feb 2024 ~10,000, Jun 2024 2,621, Aug 2024 3,335. */
// prettier-ignore
export const OVER78_KNOTS: Knots = [
  ["2021-04", 90000], ["2021-06", 85954], ["2021-12", 80000], ["2022-03", 90000],
  ["2022-10", 45000], ["2023-03", 10700], ["2023-05", 11446], ["2023-08", 8998],
  ["2024-01", 14013], ["2024-02", 10000], ["2024-06", 2621], ["2024-08", 3335], ["2025-03", 1500],
];

/** Patients waiting over 104 weeks (from April 2021): Jun 2021 3,927–5,727, Jul 2021 7,980,
 * Sep 2021 ~12,000, Mar 2022 16,796, Oct 2022 1,907, Jan 2024 376, Jun 2024 120. */
// prettier-ignore
export const OVER104_KNOTS: Knots = [
  ["2021-04", 2600], ["2021-06", 4800], ["2021-07", 7980], ["2021-09", 12000], ["2022-03", 16796],
  ["2022-06", 2800], ["2022-10", 1907], ["2023-03", 700], ["2024-01", 376], ["2024-06", 120],
  ["2025-03", 150],
];

/** Before April 2021 only "52+" is published; the deeper tail is a fixed fraction of it (assumed). */
export const TAIL_RATIO_BEFORE_2021 = { over78: 0.08, over104: 0.01 } as const;

/** Completed pathways wait less than the list: their survival curve is the list's with weeks
 * scaled by this factor (assumed). */
export const COMPLETED_WEEK_SCALE = { Part_1A: 0.9, Part_1B: 0.55 } as const;

/** Share of a list band with a decision to admit (Part_2A), rising with the wait (assumed). */
export function dtaShare(weeks: number): number {
  return 0.18 + (0.17 * Math.min(weeks, 52)) / 52;
}

/** Completed pathways with an unknown clock start, as a share of `Total` (small; assumed). */
export const UNKNOWN_START_SHARE = { Part_1A: 0.004, Part_1B: 0.012 } as const;

/** Non-geographic commissioners and their share of every part nationally (small; assumed). */
export const NON_GEOGRAPHIC = [
  { code: "13Q", name: "NATIONAL COMMISSIONING HUB 1", share: 0.045 },
  { code: "NONC", name: "", share: 0.015 },
] as const;

/** Admitted pathways per 1,000 population a month by region, June 2021 (§2.3 looking-regionally;
 * Midlands 4.25, East 4.14, London 3.38 from the text). */
export const REGION_ADMITTED_RATE: Record<string, number> = {
  "North East and Yorkshire": 5.42,
  "South West": 4.86,
  "South East": 4.85,
  "North West": 4.65,
  Midlands: 4.25,
  "East of England": 4.14,
  London: 3.38,
};

/** CCGs pinned to the published June 2021 pattern (§2.3): Wakefield 8.77 (1st), Dorset 7.26 (2nd),
 * Wirral 2.52 (last) and the four others under 3; Bradford 6.16 (top ten), North East Lincolnshire
 * high and Vale of York low (MTG 2024); Leeds in the lower part of the table (83rd, same ICS). */
export const PINNED_ADMITTED_RATE: Record<string, number> = {
  "03R": 8.77,
  "11J": 7.26,
  "36J": 6.16,
  "03H": 6.6,
  "12F": 2.52,
  "93C": 2.95,
  "07H": 2.96,
  "15E": 2.97,
  M2L0M: 2.98,
  "05W": 3.1,
  "15F": 3.75,
  "03Q": 3.5,
};

/** Other CCGs' June 2021 rates are kept inside these bounds (only five CCGs under 3 per 1,000). */
export const FREE_RATE_BOUNDS = [3.15, 6.6] as const;

/** Month-to-month over-dispersion: log-normal sd per commissioner and per provider (assumed). */
export const NOISE_SD = { commissioner: 0.02, provider: 0.025 } as const;

/** The month a knot series' value is read at, as a fractional index (months since year 0). */
function monthIndex(month: string): number {
  const { year, month: m } = splitMonth(month);
  return year * 12 + m - 1;
}

/** Value of a knot series in a month: linear (or geometric with `log`) between knots. */
export function interpolate(knots: Knots, month: string, log = false): number {
  const x = monthIndex(month);
  const first = knots[0];
  const last = knots[knots.length - 1];
  if (!first || !last) throw new RangeError("empty knot series");
  if (x <= monthIndex(first[0])) return first[1];
  if (x >= monthIndex(last[0])) return last[1];
  for (let i = 1; i < knots.length; i++) {
    const [m1, v1] = knots[i] as readonly [string, number];
    const x1 = monthIndex(m1);
    if (x > x1) continue;
    const [m0, v0] = knots[i - 1] as readonly [string, number];
    const f = (x - monthIndex(m0)) / (x1 - monthIndex(m0));
    return log ? Math.exp(Math.log(v0) + f * (Math.log(v1) - Math.log(v0))) : v0 + f * (v1 - v0);
  }
  return last[1];
}

/** Calendar seasonality factor of a month. */
export function seasonality(month: string): number {
  return SEASONAL_FACTOR[splitMonth(month).month - 1] ?? 1;
}
