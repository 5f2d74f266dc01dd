/**
 * The report's "Restrictions" section and workbook sheets, from registry overlays (plain data): the
 * status counts and comparison for each intervention, the proxy's limits, the published findings.
 */
import type { RestrictionOverlay } from "../analysis/restrictions.ts";
import type { ScorecardSummary } from "../analysis/scorecard.ts";
import type { PublishedFinding } from "../registry/facts.ts";

import { escapeXml } from "./format.ts";
import { headlineList, paragraphs, type Section } from "./sections.ts";
import { FORMATS, type SheetDef } from "./xlsx-sheets.ts";

/** What the report shows from the registry. */
export interface RestrictionsInput {
  overlays: RestrictionOverlay[];
  findings: PublishedFinding[];
  scorecards: ScorecardSummary[];
}

const STATUS: Record<string, string> = {
  "beyond-guidance": "Restricts beyond guidance",
  restricted: "Restricts",
  "not-restricted": "Routinely commissioned",
  "no-record": "No policy on record",
};

const SYNTHETIC_NOTE =
  "Synthetic demonstration records: the policies and ratings below were generated to demonstrate Ration Watch and describe no real commissioner. Do not quote them.";

function overlayHtml(o: RestrictionOverlay): string {
  const c = o.comparison;
  const rows = [
    ["Restricts beyond NICE / EBI guidance", o.counts.beyondGuidance],
    ["Restricts (any route other than routine commissioning)", o.counts.restricted],
    ["Policy on record", o.counts.withRecord],
    ["No policy on record", o.counts.noRecord],
    ["Areas", o.counts.areas],
  ]
    .map(
      ([k, v]) =>
        `<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">${escapeXml(String(k))}</td><td class="nhsuk-table__cell nhsuk-table__cell--numeric">${v}</td></tr>`,
    )
    .join("");
  const table = `<table class="nhsuk-table"><caption class="nhsuk-table__caption">${escapeXml(o.intervention.name)}: areas by restriction status on ${o.asOf}</caption><tbody class="nhsuk-table__body">${rows}</tbody></table>`;
  const proxy = o.specialtyName
    ? `Activity proxy: ${o.specialtyName} (${o.unit}). ${o.intervention.proxyLimits}`
    : `No activity proxy: ${o.intervention.proxyLimits}`;
  const comparison = c
    ? [
        `Restricting areas: ${c.restricted.above} above, ${c.restricted.within} within and ${c.restricted.below} below the over-dispersion-adjusted expected range; routinely commissioning areas: ${c.unrestricted.above}, ${c.unrestricted.within} and ${c.unrestricted.below}.`,
      ]
    : [];
  const unmatched = o.unmatched.length
    ? [
        `${o.unmatched.length} polic${o.unmatched.length === 1 ? "y" : "ies"} could not be placed on the window's areas (listed in the workbook's policies sheet).`,
      ]
    : [];
  return `<h3>${escapeXml(o.intervention.name)}</h3>${o.synthetic ? `<p><strong>${escapeXml(SYNTHETIC_NOTE)}</strong></p>` : ""}${headlineList(o.headlines)}${table}${paragraphs([...comparison, proxy, ...unmatched])}`;
}

/** The section, or null when the report was given no registry. */
export function restrictionsSection(r: RestrictionsInput | undefined): Section | null {
  if (!r) return null;
  const intro = paragraphs([
    "Commissioners' policies that restrict access to treatments, from the Ration Watch registry (approved records only), beside each area's activity in the treatment's RTT specialty. Comparisons are between areas: they show association, not that a policy caused a difference.",
  ]);
  const findings = r.findings.length
    ? `<h3>Published findings</h3><ul class="nhsuk-list nhsuk-list--bullet">${r.findings.map((f) => `<li>${escapeXml(f.statement)} <span class="rw-source">Source: ${escapeXml(f.source)}${f.url ? ` (<a href="${escapeXml(f.url)}">${escapeXml(f.url)}</a>)` : ""}.</span></li>`).join("")}</ul>`
    : "";
  const scorecards = r.scorecards
    .map((s) => {
      const worst = [...s.criteria]
        .filter((c) => c.pctMeeting !== null)
        .sort((a, b) => (a.pctMeeting as number) - (b.pctMeeting as number))[0];
      const lines = [
        `${s.frameworkName}, round ${s.round}: ${s.organisations} organisations, ${s.assessments} assessments${s.disputed ? ` (${s.disputed} disputed)` : ""}.`,
        ...(worst
          ? [
              `Fewest met criterion ${worst.criterionId} ("${worst.text}"): ${worst.meeting} of ${worst.rated} rated organisations.`,
            ]
          : []),
      ];
      return `<h3>${escapeXml(s.frameworkName)}</h3>${s.synthetic ? `<p><strong>${escapeXml(SYNTHETIC_NOTE)}</strong></p>` : ""}${paragraphs(lines)}`;
    })
    .join("");
  return {
    id: "restrictions",
    title: "Restrictions and scorecards",
    body: intro + r.overlays.map(overlayHtml).join("") + scorecards + findings,
    newPage: true,
  };
}

/** Workbook sheets: every area's status beside its rate, and the policies behind them. */
export function restrictionSheets(r: RestrictionsInput | undefined): SheetDef[] {
  if (!r || r.overlays.length === 0) return [];
  type Row = RestrictionOverlay["areas"][number] & {
    intervention: string;
    asOf: string;
    synthetic: boolean;
  };
  const rows: Row[] = r.overlays.flatMap((o) =>
    o.areas.map((a) => ({
      ...a,
      intervention: o.intervention.name,
      asOf: o.asOf,
      synthetic: o.synthetic || a.synthetic,
    })),
  );
  type Unmatched = RestrictionOverlay["unmatched"][number] & { intervention: string };
  const unmatched: Unmatched[] = r.overlays.flatMap((o) =>
    o.unmatched.map((u) => ({ ...u, intervention: o.intervention.name })),
  );
  const restrictions: SheetDef<Row> = {
    name: "Restrictions",
    freezeColumns: 3,
    columns: [
      { header: "Intervention", value: (x) => x.intervention, width: 30 },
      { header: "Code", value: (x) => x.code, width: 8 },
      { header: "Area", value: (x) => x.name, width: 44 },
      { header: "Status on", value: (x) => x.asOf, width: 12 },
      { header: "Status", value: (x) => STATUS[x.status], width: 26 },
      { header: "Policy", value: (x) => x.policyId, width: 28 },
      { header: "Mandatory criteria", value: (x) => x.criteria, width: 40 },
      { header: "Count (proxy specialty)", value: (x) => x.count, numFmt: FORMATS.count },
      { header: "Population", value: (x) => x.population, numFmt: FORMATS.count },
      { header: "Rate per 1,000 per month", value: (x) => x.rate, numFmt: FORMATS.rate },
      { header: "Adjusted funnel position", value: (x) => x.positionAdjusted },
      {
        header: "From synthetic demonstration data",
        value: (x) => (x.synthetic ? "yes" : "no"),
      },
    ],
    rows,
  };
  const notMapped: SheetDef<Unmatched> = {
    name: "Policies not mapped",
    columns: [
      { header: "Intervention", value: (x) => x.intervention, width: 30 },
      { header: "Policy", value: (x) => x.policyId, width: 28 },
      { header: "Code", value: (x) => x.code },
      { header: "Why", value: (x) => x.reason, width: 80 },
    ],
    rows: unmatched,
  };
  return [restrictions as unknown as SheetDef, notMapped as unknown as SheetDef];
}
