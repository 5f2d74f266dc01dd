import { UsageError } from "../errors.ts";
import type { Part } from "../ingest/layout.ts";
import { findTreatmentFunction, TREATMENT_FUNCTIONS } from "../ingest/treatment-functions.ts";
import { parseMonthArg } from "../months.ts";

import type { Level, Measure, Per } from "./types.ts";

export const MEASURES: readonly Measure[] = ["admitted", "non-admitted", "clock-starts"];
export const LEVELS: readonly Level[] = ["commissioner", "icb", "region"];
export const PERS: readonly Per[] = ["month", "window"];

/** The RTT part each measure counts (DESIGN §2). */
export const MEASURE_PART: Record<Measure, Part> = {
  admitted: "Part_1A",
  "non-admitted": "Part_1B",
  "clock-starts": "Part_3",
};

export const MEASURE_LABEL: Record<Measure, string> = {
  admitted: "patients treated (completed admitted pathways)",
  "non-admitted": "completed non-admitted pathways",
  "clock-starts": "new RTT periods (clock starts)",
};

/** A resolved `--specialty`: `all`, or one treatment function. */
export interface Specialty {
  /** `all` or the treatment function code, e.g. `C_110`. */
  code: string;
  name: string;
  /** Treatment function codes to count; null = every treatment function. */
  tfCodes: string[] | null;
}

/** Resolves `all`, a code (`C_110`) or a slug (`trauma-orthopaedics`); UsageError otherwise. */
export function resolveSpecialty(value: string | undefined): Specialty {
  if (value === undefined || value.toLowerCase() === "all") {
    return { code: "all", name: "All specialties", tfCodes: null };
  }
  const tf = findTreatmentFunction(value);
  if (!tf) {
    const slugs = TREATMENT_FUNCTIONS.map((t) => t.slug).join(", ");
    throw new UsageError(
      `--specialty: unknown specialty "${value}" (use all, a code such as C_110, or one of: ${slugs})`,
    );
  }
  return { code: tf.code, name: tf.name.replace(/ Service$/, ""), tfCodes: [tf.code] };
}

/** Checks a `--from`/`--to` window: both months, from ≤ to. */
export function checkWindow(
  from: string | undefined,
  to: string | undefined,
): { from: string; to: string } {
  if (from === undefined || to === undefined) {
    throw new UsageError("--from and --to are required (months as YYYY-MM)");
  }
  for (const [flag, v] of [
    ["from", from],
    ["to", to],
  ] as const) {
    parseMonthArg(flag, v);
  }
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  return { from, to };
}

/** `per 1,000 population per month` or `per 1,000 population over the window`. */
export function unitLabel(per: Per): string {
  return per === "month"
    ? "per 1,000 population per month"
    : "per 1,000 population over the window";
}
