/**
 * One policy record's public page: who restricts what, by which access route and criteria (each
 * with the policy's exact words), the source it rests on, its dates, the before/after series of
 * the area's activity in the RTT proxy, and every version of the record with what changed.
 */
import type { PolicyImpact } from "../analysis/policy-impact.ts";
import type { FieldChange } from "../registry/diff.ts";
import type { Intervention } from "../registry/intervention-schema.ts";
import type { Policy } from "../registry/policy-schema.ts";

import { figure, inset, table } from "./components.ts";
import { formatMonth, formatRate, shortName } from "./format.ts";
import { html, type Html } from "./html.ts";
import { ACCESS_ROUTE_LABELS, registrySource } from "./interventions.ts";
import { href, type PageContext, type PageExport, type PageView } from "./types.ts";

/** One version of a record as the public sees it, with what changed from the version before. */
export interface PublicVersion {
  version: number;
  reviewStatus: string;
  changedAt: string;
  changedBy: string;
  reason: string;
  changes: FieldChange[];
}

export interface PolicyInput {
  policy: Policy;
  intervention: Intervention;
  /** The commissioner's current-geography area, when the code is one (for the link). */
  area: { code: string; name: string } | null;
  /** Whether the policy is in force on `asOf` (the last day of the latest data month). */
  inForce: boolean;
  asOf: string;
  history: PublicVersion[];
  /** The before/after series; null with the reason when there is none. */
  impact: PolicyImpact | null;
  noImpact: string | null;
}

const text = (v: unknown): string =>
  v === undefined || v === null ? "–" : typeof v === "string" ? v : JSON.stringify(v);

function row(key: string, value: Html | string): Html {
  return html`<div class="nhsuk-summary-list__row">
    <dt class="nhsuk-summary-list__key">${key}</dt>
    <dd class="nhsuk-summary-list__value">${value}</dd>
  </div>`;
}

/** The history table: one row per version, each with its field changes. */
export function historyTable(history: PublicVersion[], caption: string): Html {
  return table({
    caption,
    columns: [
      { header: "Version", numeric: true, cell: (v: PublicVersion) => v.version },
      { header: "Changed", cell: (v) => v.changedAt.slice(0, 10) },
      { header: "By", cell: (v) => v.changedBy },
      { header: "Why", cell: (v) => v.reason },
      { header: "Review", cell: (v) => v.reviewStatus },
      {
        header: "What changed",
        cell: (v) =>
          v.version === 1
            ? "created"
            : v.changes.length === 0
              ? "no field changed"
              : html`<ul class="nhsuk-list rw-changes">
                  ${v.changes.map(
                    (c) =>
                      html`<li><code>${c.path}</code>: ${text(c.before)} → ${text(c.after)}</li>`,
                  )}
                </ul>`,
      },
    ],
    rows: [...history].reverse(),
  });
}

export function policyView(input: PolicyInput, ctx: PageContext): PageView {
  const { policy: p, intervention: iv } = input;
  const c = p.commissioner;
  const who = input.area
    ? html`<a href="${href(ctx, `/area/${input.area.code}/`)}">${shortName(input.area.name)}</a>
        (${c.code}, ${c.level}, geography ${c.vintage})`
    : html`${c.name ?? c.code} (${c.code}, ${c.level}, geography ${c.vintage}; not an area of the
      current geography)`;
  const criteria = table({
    caption: "Criteria patients must meet",
    columns: [
      { header: "Criterion", cell: (x: Policy["criteria"][number]) => x.measure ?? x.type },
      {
        header: "Threshold",
        cell: (x) =>
          x.comparator === null ? "–" : `${x.comparator} ${x.threshold} ${x.unit ?? ""}`.trim(),
      },
      { header: "Mandatory or advisory", cell: (x) => x.requirement },
      { header: "The policy's words", cell: (x) => html`<q>${x.wording}</q>` },
    ],
    rows: p.criteria,
  });
  const s = p.source;
  const exports: PageExport[] = [];
  let impactBlock: Html;
  const im = input.impact;
  if (im) {
    // The need-adjusted series (rate per need-weighted head as a % of England's) where the area
    // has a need-weighted population, as the CLI's `registry impact` shows it.
    const hasNeed = im.needAdjustedFinding !== null;
    const impactExport: PageExport = {
      name: "before-after",
      title: `${iv.name}: ${im.areaName} before and after ${formatMonth(im.effectiveMonth)}`,
      chart: null,
      table: {
        header: [
          "month",
          "areaCode",
          "ratePer1000PerMonth",
          "englandRatePer1000PerMonth",
          "percentOfEngland",
          ...(hasNeed ? ["needAdjustedPercentOfEngland"] : []),
          "afterPolicy",
          "specialty",
          "synthetic",
        ],
        rows: im.series.map((x) => [
          x.month,
          im.area,
          x.rate,
          x.englandRate,
          x.relative,
          ...(hasNeed ? [x.needAdjustedRelative] : []),
          x.after ? "yes" : "no",
          im.specialtyName,
          im.synthetic ? "yes" : "no",
        ]),
      },
    };
    exports.push(impactExport);
    impactBlock = html`<p class="nhsuk-body-l">${im.finding}</p>
      ${hasNeed ? html`<p class="nhsuk-body-l">${im.needAdjustedFinding ?? ""}</p>` : ""}
      ${figure(
        impactExport,
        table({
          caption: `${im.specialtyName}: patients treated per 1,000 a month in ${im.areaName} and England${hasNeed ? "; need-adjusted: the area's rate per need-weighted head as a % of England's (NHS England general and acute weighted population)" : ""}`,
          columns: [
            { header: "Month", cell: (x: PolicyImpact["series"][number]) => formatMonth(x.month) },
            { header: "Area", numeric: true, cell: (x) => formatRate(x.rate, 3) },
            { header: "England", numeric: true, cell: (x) => formatRate(x.englandRate, 3) },
            { header: "% of England", numeric: true, cell: (x) => formatRate(x.relative, 1) },
            ...(hasNeed
              ? [
                  {
                    header: "% of England, need-adjusted",
                    numeric: true,
                    cell: (x: PolicyImpact["series"][number]) =>
                      formatRate(x.needAdjustedRelative, 1),
                  },
                ]
              : []),
            { header: "Policy in force", cell: (x) => (x.after ? "yes" : "no") },
          ],
          rows: im.series,
        }),
      )}
      ${inset(html`${im.method} ${im.proxyLimits}`)}`;
  } else {
    impactBlock = html`<p class="nhsuk-body">${input.noImpact ?? "No before/after series."}</p>`;
  }
  const body = html`<span class="nhsuk-caption-l">Restrictions · policy record ${p.id}</span>
    <h1 class="nhsuk-heading-xl">
      ${iv.name}: ${input.area ? shortName(input.area.name) : (c.name ?? c.code)}
    </h1>
    ${p.synthetic ? inset(html`<strong>Synthetic demonstration record:</strong> it describes no real commissioner's policy.`) : ""}
    <dl class="nhsuk-summary-list">
      ${row("Commissioner", who)}
      ${row("Intervention", html`<a href="${href(ctx, `/interventions/${iv.slug}/`)}">${iv.name}</a>`)}
      ${row("Access route", ACCESS_ROUTE_LABELS[p.accessRoute])}
      ${row(
        "Departs from NICE / EBI guidance",
        `${p.departsFromGuidance}${p.departure ? `: ${p.departure}` : ""}`,
      )}
      ${row("In force", `${input.inForce ? "yes" : "no"}, on ${input.asOf}`)}
      ${row("Effective", p.effectiveDate ?? "not recorded")}
      ${row("Review due", p.reviewDate ?? "not recorded")}
      ${row("Withdrawn", p.withdrawnDate ?? "no")}
      ${row(
        "Superseded by",
        p.supersededBy
          ? html`<a href="${href(ctx, `/policies/${p.supersededBy}/`)}">${p.supersededBy}</a>`
          : "no",
      )}
      ${row(
        "Source",
        s.url
          ? html`<a href="${s.url}">${s.title ?? s.url}</a>`
          : (s.title ?? (p.synthetic ? "none (synthetic record)" : "–")),
      )}
      ${row("Archived copy (SHA-256)", s.archivedSha256 ? html`<code class="rw-mono">${s.archivedSha256}</code>` : "–")}
      ${row("FOI reference", s.foiReference ?? "–")}
      ${row("Verified", p.verifiedBy ? `by ${p.verifiedBy}${p.verifiedOn ? ` on ${p.verifiedOn}` : ""}` : "not yet verified")}
      ${p.notes ? row("Notes", p.notes) : ""}
    </dl>
    <h2 class="nhsuk-heading-l">Criteria</h2>
    ${p.criteria.length === 0 ? html`<p class="nhsuk-body">The policy sets no criteria.</p>` : criteria}
    <h2 class="nhsuk-heading-l">Before and after the policy</h2>
    ${impactBlock}
    <h2 class="nhsuk-heading-l" id="history">History of this record</h2>
    <p class="nhsuk-body">
      Every change to a registry record is kept as a new version; nothing is overwritten.
    </p>
    ${historyTable(input.history, `Versions of policy record ${p.id}, newest first`)}
    <p class="nhsuk-body-s">Source: ${registrySource(p.synthetic)}</p>`;
  return {
    title: `${iv.name}: ${input.area ? shortName(input.area.name) : c.code}`,
    breadcrumbs: [
      { label: "Home", path: "/" },
      { label: "Restrictions", path: "/interventions/" },
      { label: iv.name, path: `/interventions/${iv.slug}/` },
    ],
    body: body.value,
    exports,
    syntheticRecords: p.synthetic,
  };
}
