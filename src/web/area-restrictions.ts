/**
 * The "Restrictions" section of an area page: for a sub-ICB location, the policy the registry
 * holds for each intervention (access route, criteria, source, a link to the record's history);
 * for an ICB or region, how many of the areas within it restrict each intervention.
 */
import type { RestrictionOverlay, RestrictionStatus } from "../analysis/restrictions.ts";
import type { Policy } from "../registry/policy-schema.ts";

import { figure, inset, table } from "./components.ts";
import { html, type Html } from "./html.ts";
import { ACCESS_ROUTE_LABELS, registrySource, restrictionCountColumns } from "./interventions.ts";
import { STATUS_LABELS } from "./status-map.ts";
import { href, type PageContext, type PageExport } from "./types.ts";

export interface AreaPolicyRow {
  slug: string;
  name: string;
  status: RestrictionStatus;
  /** The policy in force (null: none on record); it may be the ICB's. */
  policy: Policy | null;
  criteria: string;
}

export interface AreaWithinRow {
  slug: string;
  name: string;
  counts: RestrictionOverlay["counts"];
}

export interface AreaRestrictions {
  /** The day the status is read for (the last day of the default window). */
  asOf: string;
  /** A sub-ICB location's own policies… */
  policies: AreaPolicyRow[] | null;
  /** …or an ICB's or region's counts over the areas within it. */
  within: AreaWithinRow[] | null;
  synthetic: boolean;
}

/** The section's HTML and its download, for `areaView`. */
export function restrictionsSection(
  r: AreaRestrictions,
  place: string,
  ctx: PageContext,
): { body: Html; exports: PageExport[] } {
  const intro = html`<p class="nhsuk-body">
    Commissioning policies from the Ration Watch registry (approved records) in force on ${r.asOf}.
    A policy can restrict a treatment by criteria (such as BMI or a pain score), by requiring prior
    approval or an individual funding request, or by not commissioning it.
    <a href="${href(ctx, "/interventions/")}">All interventions and how areas compare</a>.
  </p>`;
  const note = r.synthetic
    ? inset(
        html`<strong>Synthetic demonstration records:</strong> these policies describe no real
          commissioner.`,
      )
    : "";
  if (r.policies) {
    const rows = r.policies;
    const e: PageExport = {
      name: "restrictions",
      title: `Policies in force in ${place} on ${r.asOf}`,
      chart: null,
      table: {
        header: [
          "intervention",
          "statusOn",
          "status",
          "policyId",
          "commissionerCode",
          "accessRoute",
          "mandatoryCriteria",
          "sourceUrl",
          "foiReference",
          "effectiveDate",
          "synthetic",
        ],
        rows: rows.map((x) => [
          x.slug,
          r.asOf,
          x.status,
          x.policy?.id ?? null,
          x.policy?.commissioner.code ?? null,
          x.policy?.accessRoute ?? null,
          x.criteria,
          x.policy?.source.url ?? null,
          x.policy?.source.foiReference ?? null,
          x.policy?.effectiveDate ?? null,
          x.policy?.synthetic ? "yes" : "no",
        ]),
      },
    };
    const t = table({
      caption: `Policies in force in ${place} on ${r.asOf}`,
      columns: [
        {
          header: "Treatment",
          cell: (x: AreaPolicyRow) =>
            html`<a href="${href(ctx, `/interventions/${x.slug}/`)}">${x.name}</a>`,
        },
        { header: "Status", cell: (x) => STATUS_LABELS[x.status] },
        {
          header: "Access route",
          cell: (x) => (x.policy ? ACCESS_ROUTE_LABELS[x.policy.accessRoute] : "–"),
        },
        { header: "Mandatory criteria", cell: (x) => x.criteria || "–" },
        {
          header: "Source",
          cell: (x) =>
            !x.policy
              ? "–"
              : x.policy.source.url
                ? html`<a href="${x.policy.source.url}"
                    >${x.policy.source.title ?? "policy document"}</a
                  >`
                : (x.policy.source.foiReference ?? (x.policy.synthetic ? "synthetic record" : "–")),
        },
        {
          header: "Record",
          cell: (x) =>
            x.policy
              ? html`<a href="${href(ctx, `/policies/${x.policy.id}/`)}">details</a>,
                  <a href="${href(ctx, `/policies/${x.policy.id}/`)}#history">history</a
                  >${x.policy.commissioner.level === "icb" ? html` (the ICB's policy)` : ""}`
              : "–",
        },
      ],
      rows,
    });
    return { body: html`${intro}${note}${figure(e, t)}`, exports: [e] };
  }
  const rows = r.within ?? [];
  const e: PageExport = {
    name: "restrictions",
    title: `Areas within ${place} that restrict each treatment, on ${r.asOf}`,
    chart: null,
    table: {
      header: [
        "intervention",
        "statusOn",
        "areas",
        "withPolicy",
        "restrict",
        "restrictBeyondGuidance",
        "noPolicyOnRecord",
        "synthetic",
      ],
      rows: rows.map((x) => [
        x.slug,
        r.asOf,
        x.counts.areas,
        x.counts.withRecord,
        x.counts.restricted,
        x.counts.beyondGuidance,
        x.counts.noRecord,
        r.synthetic ? "yes" : "no",
      ]),
    },
  };
  const t = table({
    caption: e.title,
    columns: [
      {
        header: "Treatment",
        cell: (x: AreaWithinRow) =>
          html`<a href="${href(ctx, `/interventions/${x.slug}/`)}">${x.name}</a>`,
      },
      ...restrictionCountColumns<AreaWithinRow>(),
    ],
    rows,
  });
  return {
    body: html`${intro}${note}${figure(e, t)}
      <p class="nhsuk-body-s">Source: ${registrySource(r.synthetic)}</p>`,
    exports: [e],
  };
}
