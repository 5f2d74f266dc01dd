/**
 * Scorecard pages: the list of frameworks and rounds, and one page per round — ratings by domain
 * and criterion, the share of organisations meeting each criterion, each organisation's score,
 * and the change from the previous round. Pure: summaries in (analysis/scorecard.ts), HTML out.
 */
import type { CriterionSummary, RoundComparison, ScorecardSummary } from "../analysis/scorecard.ts";
import type { Framework } from "../registry/scorecard-schema.ts";

import { figure, inset, table } from "./components.ts";
import { formatPercent } from "./format.ts";
import { html } from "./html.ts";
import { registrySource, type ScorecardRoundLink } from "./interventions.ts";
import { href, type PageContext, type PageExport, type PageView } from "./types.ts";

const pct = (v: number | null) => formatPercent(v, 0);
const signed = (v: number | null) =>
  v === null ? "–" : `${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v).toFixed(0)} points`;

export function scorecardsIndexView(
  input: { frameworks: Framework[]; rounds: ScorecardRoundLink[] },
  ctx: PageContext,
): PageView {
  const body = html`<h1 class="nhsuk-heading-xl">Scorecards</h1>
    <p class="nhsuk-lede-text">
      Organisations assessed against published criteria, round by round, with the evidence and
      second review behind each rating.
    </p>
    ${input.frameworks.map((f) => {
      const rounds = input.rounds.filter((r) => r.framework === f.id);
      return html`<h2 class="nhsuk-heading-l">${f.name}</h2>
        <p class="nhsuk-body">${f.description}</p>
        ${
          rounds.length === 0
            ? html`<p class="nhsuk-body">No round has been recorded yet.</p>`
            : html`<ul class="nhsuk-list nhsuk-list--bullet">
                ${rounds.map(
                  (r) =>
                    html`<li>
                      <a href="${href(ctx, `/scorecards/${f.id}/${r.round}/`)}">Round ${r.round}</a>
                      (${r.organisations}
                      organisations${r.synthetic ? "; synthetic demonstration records" : ""})
                    </li>`,
                )}
              </ul>`
        }
        <p class="nhsuk-body-s">
          Sources of the framework:
          ${f.sources.map((s, i) => html`${i > 0 ? "; " : ""}${s.url ? html`<a href="${s.url}">${s.title}</a>` : s.title}`)}.
        </p>`;
    })}`;
  return {
    title: "Scorecards",
    breadcrumbs: [
      { label: "Home", path: "/" },
      { label: "Restrictions", path: "/interventions/" },
    ],
    body: body.value,
    exports: [],
    syntheticRecords: input.rounds.some((r) => r.synthetic),
  };
}

export interface ScorecardInput {
  framework: Framework;
  summary: ScorecardSummary;
  /** Against the previous round of the same framework; null for the first round. */
  comparison: RoundComparison | null;
}

export function scorecardView(input: ScorecardInput, ctx: PageContext): PageView {
  const { framework: f, summary: s, comparison } = input;
  const scale = [...f.ratingScale].sort((a, b) => a.value - b.value);
  const meets = scale.filter((r) => r.meets).map((r) => r.label);
  const exports: PageExport[] = [];

  const domainExport: PageExport = {
    name: "domains",
    title: `${f.name}, round ${s.round}: by domain`,
    chart: null,
    table: {
      header: ["framework", "round", "domain", "name", "weight", "score", "percentMeeting"],
      rows: s.domains.map((d) => [
        f.id,
        s.round,
        d.domainId,
        d.name,
        d.weight,
        d.score,
        d.pctMeeting,
      ]),
    },
  };
  exports.push(domainExport);
  const criteriaExport: PageExport = {
    name: "criteria",
    title: `${f.name}, round ${s.round}: by criterion`,
    chart: null,
    table: {
      header: [
        "framework",
        "round",
        "domain",
        "criterion",
        "text",
        "rated",
        "notRated",
        ...scale.map((r) => `rated${r.value}`),
        "meeting",
        "percentMeeting",
        "synthetic",
      ],
      rows: s.criteria.map((c) => [
        f.id,
        s.round,
        c.domainId,
        c.criterionId,
        c.text,
        c.rated,
        c.notRated,
        ...scale.map((r) => c.ratings[String(r.value)] ?? 0),
        c.meeting,
        c.pctMeeting,
        s.synthetic ? "yes" : "no",
      ]),
    },
  };
  exports.push(criteriaExport);
  const scoresExport: PageExport = {
    name: "organisations",
    title: `${f.name}, round ${s.round}: each organisation's score`,
    chart: null,
    table: {
      header: ["framework", "round", "code", "name", "score", "criteriaRated", "criteriaMeeting"],
      rows: s.scores.map((o) => [
        f.id,
        s.round,
        o.code,
        o.name,
        o.score,
        o.criteriaRated,
        o.criteriaMeeting,
      ]),
    },
  };
  exports.push(scoresExport);

  let changeBlock = html``;
  if (comparison) {
    const changeExport: PageExport = {
      name: "change",
      title: `${f.name}: change from round ${comparison.before.round} to ${s.round}`,
      chart: null,
      table: {
        header: [
          "criterion",
          "percentMeetingBefore",
          "percentMeetingAfter",
          "changePoints",
          "organisationsImproved",
          "organisationsWorsened",
          "organisationsSame",
        ],
        rows: comparison.criteria.map((c) => [
          c.criterionId,
          c.pctBefore,
          c.pctAfter,
          c.change,
          c.improved,
          c.worsened,
          c.same,
        ]),
      },
    };
    exports.push(changeExport);
    changeBlock = html`<h2 class="nhsuk-heading-l">
        Change since round ${comparison.before.round}
      </h2>
      ${comparison.geographyNote ? inset(comparison.geographyNote) : ""}
      ${figure(
        changeExport,
        table({
          caption: `Share meeting each criterion in rounds ${comparison.before.round} and ${s.round}, and organisations whose rating rose or fell`,
          columns: [
            {
              header: "Criterion",
              cell: (c: RoundComparison["criteria"][number]) => c.criterionId,
            },
            {
              header: `Round ${comparison.before.round}`,
              numeric: true,
              cell: (c) => pct(c.pctBefore),
            },
            { header: `Round ${s.round}`, numeric: true, cell: (c) => pct(c.pctAfter) },
            { header: "Change", numeric: true, cell: (c) => signed(c.change) },
            {
              header: "Rose / fell / same",
              numeric: true,
              cell: (c) => `${c.improved} / ${c.worsened} / ${c.same}`,
            },
          ],
          rows: comparison.criteria,
        }),
      )}`;
  }

  const body = html`<span class="nhsuk-caption-l">Scorecard · round ${s.round}</span>
    <h1 class="nhsuk-heading-xl">${f.name}</h1>
    <p class="nhsuk-body-l">
      Round ${s.round}: ${s.organisations} organisations, ${s.assessments} ratings
      ${s.draftsExcluded ? `(${s.draftsExcluded} draft ratings left out)` : ""}${s.disputed ? `; ${s.disputed} disputed by the organisation` : ""}.
      A rating of ${meets.join(" or ")} meets a criterion.
    </p>
    <h2 class="nhsuk-heading-l">By domain</h2>
    ${figure(
      domainExport,
      table({
        caption: `Score (0–100, weighted) and share of ratings meeting the criteria, by domain`,
        columns: [
          {
            header: "Domain",
            cell: (d: ScorecardSummary["domains"][number]) => `${d.domainId}. ${d.name}`,
          },
          { header: "Weight", numeric: true, cell: (d) => d.weight },
          {
            header: "Score",
            numeric: true,
            cell: (d) => (d.score === null ? "–" : d.score.toFixed(0)),
          },
          { header: "Ratings meeting", numeric: true, cell: (d) => pct(d.pctMeeting) },
        ],
        rows: s.domains,
      }),
    )}
    <h2 class="nhsuk-heading-l">By criterion</h2>
    ${figure(
      criteriaExport,
      table({
        caption: `Ratings of each criterion and the share of organisations meeting it (of those rated)`,
        sortable: true,
        columns: [
          {
            header: "Criterion",
            cell: (c: CriterionSummary) => html`<strong>${c.criterionId}</strong> ${c.text}`,
            sortValue: (c) => c.criterionId,
          },
          ...scale.map((r) => ({
            header: r.label,
            numeric: true,
            cell: (c: CriterionSummary) => c.ratings[String(r.value)] ?? 0,
          })),
          { header: "Not rated", numeric: true, cell: (c) => c.notRated },
          {
            header: "Meeting",
            numeric: true,
            cell: (c) => `${c.meeting} of ${c.rated} (${pct(c.pctMeeting)})`,
            sortValue: (c) => c.pctMeeting ?? -1,
          },
        ],
        rows: s.criteria,
      }),
    )}
    ${changeBlock}
    <h2 class="nhsuk-heading-l">Organisations</h2>
    ${figure(
      scoresExport,
      table({
        caption: `Each organisation's weighted score (0–100) over the criteria rated`,
        sortable: true,
        columns: [
          {
            header: "Organisation",
            cell: (o: ScorecardSummary["scores"][number]) => `${o.name ?? o.code} (${o.code})`,
            sortValue: (o) => o.name ?? o.code,
          },
          {
            header: "Score",
            numeric: true,
            cell: (o) => (o.score === null ? "–" : o.score.toFixed(0)),
            sortValue: (o) => o.score ?? -1,
          },
          {
            header: "Criteria met",
            numeric: true,
            cell: (o) => `${o.criteriaMeeting} of ${o.criteriaRated}`,
            sortValue: (o) => o.criteriaMeeting,
          },
        ],
        rows: s.scores,
      }),
    )}
    <h2 class="nhsuk-heading-m">Method</h2>
    <p class="nhsuk-body-s">${s.method}</p>
    <p class="nhsuk-body-s">
      Framework ${f.id}, version ${f.version}. Geography: ${s.vintages.join(", ")}. Source:
      ${registrySource(s.synthetic)} <a href="${href(ctx, "/scorecards/")}">Every round</a>.
    </p>`;
  return {
    title: `${f.name}, round ${s.round}`,
    breadcrumbs: [
      { label: "Home", path: "/" },
      { label: "Scorecards", path: "/scorecards/" },
    ],
    body: body.value,
    exports,
    syntheticRecords: s.synthetic,
  };
}
