/**
 * Treatment-function mix of the demo data (shared calibration-facts §2.2): T&O, ophthalmology,
 * general surgery, urology, ENT and gynaecology are the large admitted specialties (each about
 * 7–18% of admitted pathways); T&O is about 12% of the waiting list and ENT about 8.6%. Weights are
 * relative and use the codes published from April 2021; before then `X01` takes the sum of X02–X06.
 */
import { treatmentFunctionsFor } from "../ingest/treatment-functions.ts";

/** The part families that have their own mix: admitted, non-admitted, and the list (also new periods). */
export type MixKind = "admitted" | "nonAdmitted" | "list";

/** Codes X02–X06 that replaced X01 in April 2021. */
export const OTHER_CODES = ["X02", "X03", "X04", "X05", "X06"] as const;

// code: [admitted, non-admitted, list, wait tilt (+ longer waits, − shorter; assumed)]
const TABLE: Record<string, readonly [number, number, number, number]> = {
  C_100: [0.11, 0.07, 0.065, 0.1],
  C_101: [0.08, 0.05, 0.05, 0.1],
  C_110: [0.13, 0.11, 0.122, 0.5],
  C_120: [0.045, 0.07, 0.086, 0.45],
  C_130: [0.15, 0.09, 0.095, 0],
  C_140: [0.04, 0.04, 0.05, 0.5],
  C_150: [0.008, 0.01, 0.012, 0.3],
  C_160: [0.035, 0.02, 0.025, 0.2],
  C_170: [0.006, 0.005, 0.006, -0.2],
  C_300: [0.01, 0.02, 0.012, -0.5],
  C_301: [0.09, 0.05, 0.055, 0],
  C_320: [0.03, 0.07, 0.05, -0.4],
  C_330: [0.035, 0.06, 0.055, -0.2],
  C_340: [0.006, 0.04, 0.03, -0.2],
  C_400: [0.004, 0.03, 0.03, 0.1],
  C_410: [0.005, 0.03, 0.02, -0.1],
  C_430: [0.003, 0.015, 0.008, -0.6],
  C_502: [0.07, 0.07, 0.07, 0.3],
  X02: [0.05, 0.09, 0.07, -0.3],
  X03: [0.001, 0.01, 0.005, -0.3],
  X04: [0.035, 0.06, 0.045, -0.1],
  X05: [0.06, 0.04, 0.04, 0.1],
  X06: [0.02, 0.04, 0.03, -0.2],
};

const KIND_INDEX: Record<MixKind, 0 | 1 | 2> = { admitted: 0, nonAdmitted: 1, list: 2 };

/** The 2021-era codes (C_100 … X06), in file order. */
export const DEMO_TF_CODES = Object.keys(TABLE);

/** Relative weight of a 2021-era code in a mix. */
export function mixWeight(code: string, kind: MixKind): number {
  return TABLE[code]?.[KIND_INDEX[kind]] ?? 0;
}

/** Wait tilt of a 2021-era code (X01 takes the average of X02–X06). */
export function waitTilt(code: string): number {
  if (code === "X01") return -0.16;
  return TABLE[code]?.[3] ?? 0;
}

/** Elective specialties independent-sector providers offer. */
export const INDEPENDENT_SECTOR_CODES = [
  "C_110",
  "C_130",
  "C_100",
  "C_101",
  "C_120",
  "C_502",
  "X05",
  "C_301",
  "C_330",
];

/** Specialties the national commissioning hub (specialised services) buys. */
export const SPECIALISED_CODES = [
  "C_150",
  "C_170",
  "C_320",
  "C_400",
  "C_110",
  "C_130",
  "C_101",
  "X02",
  "X04",
  "C_340",
  "C_301",
  "C_160",
];

/** The codes and names a month's file uses, with each code's 2021-era constituents. */
export function monthCodes(month: string): { code: string; name: string; parts: string[] }[] {
  const old = month < "2021-04";
  return treatmentFunctionsFor(month).map((tf) => ({
    code: tf.code,
    name: old ? (tf.oldName ?? tf.name) : tf.name,
    parts: tf.code === "X01" ? [...OTHER_CODES] : [tf.code],
  }));
}
