/**
 * Applies the completeness check (completeness.ts) to the units of an analysis: incomplete areas
 * leave the ranked units (and England's like-for-like totals) but keep a marked row.
 */
import {
  isPartial,
  NEIGHBOUR_SPAN,
  PARTIAL_FRACTION,
  partialShortfall,
  type Completeness,
} from "./completeness.ts";
import { areaLabel } from "./labels.ts";
import type { IncompleteArea, Level, RateWithInterval, VariationCompleteness } from "./types.ts";
import type { Unit, Units } from "./units.ts";

export interface SplitUnits {
  /** Units that are complete enough to rank. */
  units: Unit[];
  /** Commissioner units that are complete (regions are summed from these). */
  commissioners: Unit[];
  /** Units left out, with the completeness reason of their incomplete members. */
  incomplete: Array<{
    unit: Unit;
    share: number | null;
    reasons: string[];
    providers: IncompleteArea["missingProviders"];
  }>;
}

/**
 * Splits units into complete and incomplete. A commissioner is incomplete when the check says so;
 * an ICB or region when any of its commissioners is (its total would be short by theirs).
 */
export function splitIncomplete(
  built: Units,
  completeness: Completeness,
  level: Level,
): SplitUnits {
  const state = (code: string) => completeness.areas.get(code);
  const isIncomplete = (u: Unit) => u.members.some((m) => state(m)?.incomplete === true);
  const incomplete: SplitUnits["incomplete"] = [];
  const units: Unit[] = [];
  for (const u of built.units) {
    if (!isIncomplete(u)) {
      units.push(u);
      continue;
    }
    const members = u.members.map((m) => state(m)).filter((s) => s?.incomplete);
    const providers = new Map<string, IncompleteArea["missingProviders"][number]>();
    for (const m of members)
      for (const p of m?.missing ?? [])
        providers.set(p.code, {
          code: p.code,
          name: p.name,
          share: level === "commissioner" ? p.share : null,
          partial: p.partial,
        });
    incomplete.push({
      unit: u,
      share: level === "commissioner" ? (members[0]?.share ?? null) : null,
      reasons:
        level === "commissioner"
          ? members.map((m) => m?.reason ?? "")
          : [
              `incomplete: includes ${members.map((m) => m?.code).join(", ")}, whose providers did not all submit${[...providers.values()].some((p) => p.partial) ? " in full" : ""} (${[...providers.values()].map((p) => (p.partial ? `${p.code}, partial` : p.code)).join("; ")}); not ranked`,
            ],
      providers: [...providers.values()],
    });
  }
  // Nothing left to rank: keep every area (the note still names the missing providers).
  if (units.length === 0)
    return { units: built.units, commissioners: built.commissioners, incomplete: [] };
  return {
    units,
    commissioners: built.commissioners.filter((c) => !isIncomplete(c)),
    incomplete,
  };
}

/** The `completeness` field of a variation result. */
export function variationCompleteness(
  split: SplitUnits,
  completeness: Completeness,
  rateOf: (u: Unit) => RateWithInterval,
): VariationCompleteness {
  const incomplete: IncompleteArea[] = split.incomplete.map((x) => ({
    code: x.unit.code,
    name: x.unit.name,
    icbCode: x.unit.icbCode,
    icbName: x.unit.icbName,
    regionName: x.unit.regionName,
    ...rateOf(x.unit),
    share: x.share,
    missingProviders: x.providers,
    reason: x.reasons.join(" "),
  }));
  const nonSubmitters = completeness.months.map((m) => ({
    month: m.month,
    providers: m.missing.map((p) => ({ code: p.code, name: p.name, why: p.why })),
  }));
  const missing = nonSubmitters.flatMap((m) =>
    m.providers
      .filter((p) => !isPartial(p))
      .map((p) => `${p.name ?? p.code} (${p.code}, ${m.month})`),
  );
  const partial = nonSubmitters.flatMap((m) =>
    m.providers
      .filter(isPartial)
      .map((p) => `${p.name ?? p.code} (${p.code}, ${m.month}: ${partialShortfall(p) ?? ""})`),
  );
  const unchecked = completeness.months.filter((m) => !m.partialChecked).map((m) => m.month);
  const sentences = [
    ...(missing.length > 0
      ? [`Missing submissions: ${missing.join("; ")} submitted no data.`]
      : []),
    ...(partial.length > 0
      ? [
          `Partial submissions: ${partial.join("; ")}, under ${PARTIAL_FRACTION * 100}% of their usual count in the neighbouring months.`,
        ]
      : []),
    ...(missing.length + partial.length === 0
      ? []
      : incomplete.length === 0
        ? [`No area relies on them for more than ${completeness.threshold * 100}% of its activity.`]
        : [
            `${incomplete.length} area${incomplete.length === 1 ? " is" : "s are"} incomplete (${incomplete.map(areaLabel).join("; ")}): shown but not ranked, and left out of England's rate, the spread, the funnel and the headlines${regionsWithout(incomplete)}.`,
          ]),
    ...(unchecked.length > 0
      ? [
          `Partial submissions (a provider sending under ${PARTIAL_FRACTION * 100}% of its usual count) could not be checked for ${unchecked.join(", ")}: the store holds no month within ${NEIGHBOUR_SPAN} months of ${unchecked.length === 1 ? "it" : "them"}, and one month alone cannot tell a partial submission from low activity.`,
        ]
      : []),
  ];
  const note = sentences.length === 0 ? null : sentences.join(" ");
  return {
    threshold: completeness.threshold,
    method: completeness.method,
    nonSubmitters,
    incomplete,
    note,
  };
}

/**
 * `; the rates of North East and Yorkshire and South West are those of their other areas`: regional
 * rates are summed from complete areas only, which a reader of the regions chart must be told.
 */
function regionsWithout(incomplete: IncompleteArea[]): string {
  const names = [...new Set(incomplete.map((a) => a.regionName).filter((n) => n !== null))];
  if (names.length === 0) return "";
  const list =
    names.length === 1
      ? names[0]
      : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1] ?? ""}`;
  return `; the rate${names.length === 1 ? "" : "s"} of ${list} ${names.length === 1 ? "is that" : "are those"} of ${names.length === 1 ? "its" : "their"} other areas`;
}
