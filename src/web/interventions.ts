/**
 * The restrictions registry's public pages for interventions: the index (every intervention with
 * how many areas restrict it, the scorecard rounds and the published findings) and one page per
 * intervention — restriction status by area as a map and a table, activity in areas that restrict
 * against areas that routinely commission, the RTT proxy and its limits. Pure: overlays in, HTML out.
 */
import type { RestrictionOverlay } from "../analysis/restrictions.ts";
import type { PublishedFinding } from "../registry/facts.ts";
import type { Intervention } from "../registry/intervention-schema.ts";
import type { ACCESS_ROUTES } from "../registry/policy-schema.ts";
import type { Chart } from "../report/charts/frame.ts";

import { figure, inset, keyFigure, table, type Column } from "./components.ts";
import {
  areaLabel,
  formatCount,
  formatInterval,
  formatRate,
  formatRatio,
  rateDigits,
} from "./format.ts";
import { html, type Html } from "./html.ts";
import { STATUS_LABELS } from "./status-map.ts";
import { href, type PageContext, type PageExport, type PageView } from "./types.ts";

export const ACCESS_ROUTE_LABELS: Record<(typeof ACCESS_ROUTES)[number], string> = {
  "routinely-commissioned": "Routinely commissioned",
  "criteria-based-access": "Criteria-based access",
  "prior-approval": "Prior approval",
  "individual-funding-request-only": "Individual funding request only",
  "not-commissioned": "Not commissioned",
};

const POSITION_WORDS: Record<string, string> = {
  above998: "above (99.8%)",
  above95: "above",
  within: "within",
  below95: "below",
  below998: "below (99.8%)",
};

/** The registry's source line: what the status rests on, and the synthetic warning. */
export function registrySource(synthetic: boolean): string {
  return `Ration Watch restrictions registry (approved records)${synthetic ? ", synthetic demonstration records" : ""}.`;
}

/** An intervention in the index, with its overlay's counts. */
export interface InterventionSummary {
  intervention: Intervention;
  counts: RestrictionOverlay["counts"];
  asOf: string;
  synthetic: boolean;
}

export interface ScorecardRoundLink {
  framework: string;
  frameworkName: string;
  round: string;
  organisations: number;
  synthetic: boolean;
}

export function interventionsIndexView(
  input: {
    interventions: InterventionSummary[];
    rounds: ScorecardRoundLink[];
    findings: PublishedFinding[];
  },
  ctx: PageContext,
): PageView {
  const synthetic =
    input.interventions.some((i) => i.synthetic) || input.rounds.some((r) => r.synthetic);
  const exportRows: PageExport = {
    name: "interventions",
    title: "Interventions and how many areas restrict them",
    chart: null,
    table: {
      header: [
        "intervention",
        "slug",
        "statusOn",
        "areas",
        "withPolicy",
        "restrict",
        "restrictBeyondGuidance",
        "noPolicyOnRecord",
        "rttProxy",
        "synthetic",
      ],
      rows: input.interventions.map((i) => [
        i.intervention.name,
        i.intervention.slug,
        i.asOf,
        i.counts.areas,
        i.counts.withRecord,
        i.counts.restricted,
        i.counts.beyondGuidance,
        i.counts.noRecord,
        i.intervention.rttTreatmentFunction,
        i.synthetic ? "yes" : "no",
      ]),
    },
  };
  const interventionTable = table({
    caption: "Interventions in the registry and the areas that restrict them",
    columns: [
      {
        header: "Intervention",
        cell: (i: InterventionSummary) =>
          html`<a href="${href(ctx, `/interventions/${i.intervention.slug}/`)}"
            >${i.intervention.name}</a
          >`,
      },
      ...restrictionCountColumns<InterventionSummary>(),
      {
        header: "Activity proxy (RTT)",
        cell: (i) => i.intervention.rttTreatmentFunction ?? "none",
      },
    ],
    rows: input.interventions,
  });
  const asOf = input.interventions[0]?.asOf ?? "";
  const body = html`<h1 class="nhsuk-heading-xl">Restrictions on treatments</h1>
    <p class="nhsuk-lede-text">
      Commissioners' policies that restrict access to treatments NICE recommends, from the Ration
      Watch registry, beside each area's activity in the treatment's RTT specialty.
    </p>
    <p class="nhsuk-body">
      Only approved records are published. Each policy cites its source document or FOI reply, and
      every change to a record is kept: each policy's page shows its full history. Counts are of
      sub-ICB areas with the policy in force on ${asOf}, the last day of the latest window of
      activity data.
    </p>
    <h2 class="nhsuk-heading-l">Interventions</h2>
    ${figure(exportRows, interventionTable)}
    <h2 class="nhsuk-heading-l">Scorecards</h2>
    ${
      input.rounds.length === 0
        ? html`<p class="nhsuk-body">The registry holds no scorecard assessments yet.</p>`
        : html`<ul class="nhsuk-list nhsuk-list--bullet">
            ${input.rounds.map(
              (r) =>
                html`<li>
                  <a href="${href(ctx, `/scorecards/${r.framework}/${r.round}/`)}"
                    >${r.frameworkName}, round ${r.round}</a
                  >
                  (${r.organisations}
                  organisations${r.synthetic ? "; synthetic demonstration records" : ""})
                </li>`,
            )}
          </ul>`
    }
    <h2 class="nhsuk-heading-l">Published findings</h2>
    <p class="nhsuk-body">Aggregate findings published by others, quoted with their sources.</p>
    <ul class="nhsuk-list nhsuk-list--bullet">
      ${input.findings.map(
        (f) => html`<li>${f.statement} <span class="nhsuk-body-s">Source: ${f.source}.</span></li>`,
      )}
    </ul>`;
  return {
    title: "Restrictions on treatments",
    breadcrumbs: [{ label: "Home", path: "/" }],
    body: body.value,
    exports: [exportRows],
    syntheticRecords: synthetic,
  };
}

export interface InterventionInput {
  intervention: Intervention;
  overlay: RestrictionOverlay;
  /** Why there is no activity beside the status, when there is none. */
  noActivity: string | null;
  map: Chart | null;
  phoneMap: Chart | null;
}

const citation = (c: { title: string; url: string | null } | null): Html =>
  c === null ? html`none` : c.url ? html`<a href="${c.url}">${c.title}</a>` : html`${c.title}`;

export function interventionView(input: InterventionInput, ctx: PageContext): PageView {
  const { overlay: o, intervention: iv } = input;
  const hasActivity = input.noActivity === null;
  const digits = rateDigits(
    o.comparison?.unrestricted.rate ?? o.areas.find((a) => a.rate > 0)?.rate ?? 1,
  );
  const rate = (x: number) => formatRate(x, digits);
  const exports: PageExport[] = [];
  const statusTable: PageExport = {
    name: "status",
    title: `${iv.name}: policy in force by area on ${o.asOf}`,
    chart: input.map,
    table: {
      header: [
        "intervention",
        "areaCode",
        "areaName",
        "icbCode",
        "statusOn",
        "status",
        "policyId",
        "accessRoute",
        "mandatoryCriteria",
        ...(hasActivity
          ? ["proxySpecialty", "count", "populationMonths", "ratePer1000PerMonth", "adjustedFunnel"]
          : []),
        "syntheticRecord",
      ],
      rows: o.areas.map((a) => [
        iv.slug,
        a.code,
        a.name,
        a.icbCode,
        o.asOf,
        a.status,
        a.policyId,
        a.accessRoute,
        a.criteria,
        ...(hasActivity
          ? [o.specialtyName, a.count, a.population, a.rate, a.positionAdjusted]
          : []),
        a.synthetic ? "yes" : "no",
      ]),
    },
  };
  exports.push(statusTable);
  if (input.phoneMap) {
    exports.push({
      name: "status-map-phone",
      title: `${iv.name}: policy in force by area (phone layout)`,
      chart: input.phoneMap,
      table: statusTable.table,
    });
  }
  const areaTable = table({
    caption: `${iv.name}: each sub-ICB area's policy on ${o.asOf}${hasActivity ? ` and its ${o.specialtyName ?? ""} activity (${o.unit ?? ""})` : ""}`,
    sortable: true,
    columns: [
      {
        header: "Area",
        cell: (a: RestrictionOverlay["areas"][number]) =>
          html`<a href="${href(ctx, `/area/${a.code}/`)}">${areaLabel(a)}</a>`,
        sortValue: (a) => areaLabel(a),
      },
      {
        header: "Status",
        cell: (a) =>
          a.policyId
            ? html`<a href="${href(ctx, `/policies/${a.policyId}/`)}"
                >${STATUS_LABELS[a.status]}</a
              >`
            : STATUS_LABELS[a.status],
        sortValue: (a) => a.status,
      },
      {
        header: "Access route",
        cell: (a) => (a.accessRoute ? ACCESS_ROUTE_LABELS[a.accessRoute] : "–"),
        sortValue: (a) => a.accessRoute ?? "",
      },
      { header: "Mandatory criteria", cell: (a) => a.criteria || "–" },
      ...(hasActivity
        ? [
            {
              header: "Rate",
              numeric: true,
              cell: (a: RestrictionOverlay["areas"][number]) => rate(a.rate),
              sortValue: (a: RestrictionOverlay["areas"][number]) => a.rate,
            },
            {
              header: "Compared with England",
              cell: (a: RestrictionOverlay["areas"][number]) =>
                a.positionAdjusted ? (POSITION_WORDS[a.positionAdjusted] ?? "–") : "–",
            },
          ]
        : []),
    ],
    rows: o.areas,
  });

  const c = o.comparison;
  let comparisonBlock = html``;
  if (c) {
    const groups = [
      { label: "Restrict", g: c.restricted },
      { label: "Routinely commission", g: c.unrestricted },
    ];
    const compExport: PageExport = {
      name: "comparison",
      title: `${iv.name}: activity in areas that restrict and areas that do not`,
      chart: null,
      table: {
        header: [
          "group",
          "areas",
          "count",
          "populationMonths",
          "pooledRatePer1000PerMonth",
          "aboveExpectedRange",
          "withinExpectedRange",
          "belowExpectedRange",
        ],
        rows: groups.map(({ label, g }) => [
          label,
          g.areas,
          g.count,
          g.population,
          g.rate,
          g.above,
          g.within,
          g.below,
        ]),
      },
    };
    exports.push(compExport);
    // The same comparison on need-adjusted ratios, where the areas have need-weighted populations.
    const n = c.needAdjusted;
    let needBlock = html``;
    if (n) {
      const needGroups = [
        { label: "Restrict", g: n.restricted },
        { label: "Routinely commission", g: n.unrestricted },
      ];
      const needExport: PageExport = {
        name: "comparison-need-adjusted",
        title: `${iv.name}: activity for need in areas that restrict and areas that do not`,
        chart: null,
        table: {
          header: [
            "group",
            "areasWithNeedWeightedPopulation",
            "observed",
            "expectedForNeed",
            "needAdjustedRatio",
            "aboveExpectedRangeForNeed",
            "withinExpectedRangeForNeed",
            "belowExpectedRangeForNeed",
          ],
          rows: needGroups.map(({ label, g }) => [
            label,
            g.areas,
            g.observed,
            g.expected,
            g.ratio,
            g.above,
            g.within,
            g.below,
          ]),
        },
      };
      exports.push(needExport);
      needBlock = html`<h3 class="nhsuk-heading-m">Allowing for need</h3>
        <p class="nhsuk-body-l">${n.finding}</p>
        ${figure(
          needExport,
          table({
            caption: `${o.specialtyName ?? ""}: patients treated against the number expected at England's rate per head of need-weighted population (NHS England general and acute weighted population), areas that restrict against areas that routinely commission`,
            columns: [
              { header: "Areas", cell: (r: (typeof needGroups)[number]) => r.label },
              { header: "Number", numeric: true, cell: (r) => r.g.areas },
              { header: "Patients treated", numeric: true, cell: (r) => formatCount(r.g.observed) },
              {
                header: "Expected for need",
                numeric: true,
                cell: (r) => formatCount(Math.round(r.g.expected)),
              },
              {
                header: "Need-adjusted ratio",
                numeric: true,
                cell: (r) => formatRate(r.g.ratio, 2),
              },
              {
                header: "Above / within / below expected range for need",
                numeric: true,
                cell: (r) => `${r.g.above} / ${r.g.within} / ${r.g.below}`,
              },
            ],
            rows: needGroups,
          }),
        )}`;
    }
    comparisonBlock = html`<h2 class="nhsuk-heading-l">Activity with and without a restriction</h2>
      <p class="nhsuk-body-l">${c.finding}</p>
      ${figure(
        compExport,
        table({
          caption: `${o.specialtyName ?? ""}: patients treated per 1,000 a month, areas that restrict against areas that routinely commission (areas with no policy on record left out)`,
          columns: [
            { header: "Areas", cell: (r: (typeof groups)[number]) => r.label },
            { header: "Number", numeric: true, cell: (r) => r.g.areas },
            { header: "Patients treated", numeric: true, cell: (r) => formatCount(r.g.count) },
            { header: "Pooled rate", numeric: true, cell: (r) => rate(r.g.rate) },
            {
              header: "Above / within / below expected range",
              numeric: true,
              cell: (r) => `${r.g.above} / ${r.g.within} / ${r.g.below}`,
            },
          ],
          rows: groups,
        }),
      )}
      <div class="rw-keys">
        ${keyFigure(formatRatio(c.pooledRatio), "pooled rate ratio", "restricting areas' pooled rate ÷ the others'")}
        ${keyFigure(
          c.ratio === null ? "–" : formatRate(c.ratio, 2),
          "ratio of typical area rates",
          c.lower95 === null
            ? "too few areas for an interval"
            : `95% interval ${formatInterval(c.lower95, c.upper95, 2)}`,
        )}
      </div>
      ${needBlock}
      ${inset(html`This compares areas, so it shows an association, not that a policy caused a difference: areas that restrict may differ in need, in providers or in how they record activity. The interval uses the spread between areas, so it allows for over-dispersion.`)}`;
  } else if (hasActivity) {
    comparisonBlock = html`<h2 class="nhsuk-heading-l">Activity with and without a restriction</h2>
      <p class="nhsuk-body">
        No comparison: it needs at least one area that restricts and one that routinely commissions,
        with a policy on record for ${o.asOf}.
      </p>`;
  }

  const unmatched = o.unmatched.length
    ? html`<h2 class="nhsuk-heading-m">Policies not placed on the map</h2>
        ${table({
          caption: "Policies in force that apply to no area of the current geography",
          columns: [
            {
              header: "Policy",
              cell: (u: RestrictionOverlay["unmatched"][number]) =>
                html`<a href="${href(ctx, `/policies/${u.policyId}/`)}">${u.policyId}</a>`,
            },
            { header: "Code", cell: (u) => u.code },
            { header: "Why", cell: (u) => u.reason },
          ],
          rows: o.unmatched,
        })}`
    : "";

  const body = html`<span class="nhsuk-caption-l">Restrictions · intervention</span>
    <h1 class="nhsuk-heading-xl">${iv.name}</h1>
    <ul class="nhsuk-list nhsuk-list--bullet">
      ${o.headlines.map((h) => html`<li class="nhsuk-body-l">${h}</li>`)}
    </ul>
    <div class="rw-keys">
      ${keyFigure(`${o.counts.beyondGuidance} of ${o.counts.withRecord}`, "areas with a policy restrict beyond guidance", `on ${o.asOf}`)}
      ${keyFigure(`${o.counts.restricted} of ${o.counts.withRecord}`, "areas with a policy restrict in some way", "any route other than routine commissioning")}
      ${keyFigure(`${o.counts.noRecord} of ${o.counts.areas}`, "areas with no policy on record", "sub-ICB locations of the current geography")}
    </div>
    <h2 class="nhsuk-heading-l">Policy in force, area by area</h2>
    ${figure(statusTable, areaTable, input.map?.alt)}
    ${
      input.phoneMap
        ? html`<p class="nhsuk-body-s">
            On a small screen:
            <a href="status-map-phone.svg">the map in a phone layout</a>.
          </p>`
        : ""
    }
    ${comparisonBlock}
    <h2 class="nhsuk-heading-l">The activity proxy and its limits</h2>
    <p class="nhsuk-body">
      ${
        iv.rttTreatmentFunction
          ? html`NHS England's RTT data do not count operations, only consultant-led pathways by
            treatment function. Activity here is patients treated (completed admitted pathways) in
            ${o.specialtyName ?? iv.rttTreatmentFunction} (${iv.rttTreatmentFunction}) per 1,000
            population a month.`
          : html`This intervention has no RTT proxy.`
      }
    </p>
    ${inset(iv.proxyLimits)}
    ${input.noActivity && iv.rttTreatmentFunction ? html`<p class="nhsuk-body">${input.noActivity}</p>` : ""}
    <h2 class="nhsuk-heading-m">Guidance and codes</h2>
    <dl class="nhsuk-summary-list">
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">NICE guidance</dt>
        <dd class="nhsuk-summary-list__value">${citation(iv.nice)}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Evidence-Based Interventions</dt>
        <dd class="nhsuk-summary-list__value">
          ${iv.ebi ? html`${iv.ebi.list}: ${citation({ title: iv.ebi.intervention, url: iv.ebi.url })}` : "not on an EBI list"}
        </dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">OPCS-4 / ICD-10</dt>
        <dd class="nhsuk-summary-list__value">
          ${iv.opcs4.join(", ") || "none"} / ${iv.icd10.join(", ") || "none"}
        </dd>
      </div>
    </dl>
    ${iv.codesSource ? html`<p class="nhsuk-body-s">Codes: ${iv.codesSource}</p>` : ""} ${unmatched}
    <h2 class="nhsuk-heading-m">Method</h2>
    <p class="nhsuk-body-s">${o.method}</p>
    <p class="nhsuk-body-s">
      Sources: ${registrySource(o.areas.some((a) => a.synthetic))}
      ${o.source ? `Activity: NHS England, Consultant-led Referral to Treatment Waiting Times; populations ${o.source.populationVintage}.` : ""}
    </p>`;
  return {
    title: iv.name,
    breadcrumbs: [
      { label: "Home", path: "/" },
      { label: "Restrictions", path: "/interventions/" },
    ],
    body: body.value,
    exports,
    syntheticRecords: o.areas.some((a) => a.synthetic),
  };
}

/**
 * The three "x of y areas" columns of a table of interventions (the registry's index, an ICB's or
 * region's Restrictions section): beyond guidance and any restriction out of the areas with a
 * record, and no policy on record out of all areas.
 */
export function restrictionCountColumns<
  T extends { counts: RestrictionOverlay["counts"] },
>(): Array<Column<T>> {
  return [
    {
      header: "Restrict beyond guidance",
      numeric: true,
      cell: (x) => `${x.counts.beyondGuidance} of ${x.counts.withRecord}`,
    },
    {
      header: "Restrict in any way",
      numeric: true,
      cell: (x) => `${x.counts.restricted} of ${x.counts.withRecord}`,
    },
    {
      header: "No policy on record",
      numeric: true,
      cell: (x) => `${x.counts.noRecord} of ${x.counts.areas}`,
    },
  ];
}
