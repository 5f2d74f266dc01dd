/**
 * An area's page (sub-ICB location, ICB or NHS region): a plain-English summary, the rate over time
 * with SPC limits, its rank with the rank's interval, how it compares with England and with the
 * other areas of its ICS or region, specialties, waiting times, and what the figures leave out.
 */
import { comparisonPhrase, testPhrase } from "../analysis/headlines.ts";
import { trendToTidy, variationToTidy, waitsToTidy } from "../analysis/tidy.ts";
import type {
  AreaRate,
  Level,
  TrendOutput,
  VariationResult,
  WaitsOutput,
} from "../analysis/types.ts";
import { SIGNAL_LABELS, spcChart } from "../report/charts/spc.ts";
import { deprivationSentences } from "../report/text.ts";
import { measureWithUnit, rateSource, waitsSource } from "../report/words.ts";

import { restrictionsSection, type AreaRestrictions } from "./area-restrictions.ts";
import { comparisonTag, figure, inset, keyFigure, table } from "./components.ts";
import {
  formatCount,
  formatInterval,
  formatMonth,
  formatPercent,
  formatPeriod,
  periodPhrase,
  formatRate,
  formatWeeks,
  LEVEL_LABEL,
  ordinal,
  rateDigits,
  areaLabel,
  shortName,
} from "./format.ts";
import { html, type Html } from "./html.ts";
import { tidyTable } from "./tidy-table.ts";
import { href, type PageContext, type PageExport, type PageView } from "./types.ts";

export interface AreaInput {
  code: string;
  name: string;
  level: Level;
  parent: { code: string; name: string } | null;
  /** The variation at the area's level in the default window (the area is one of its `areas`). */
  variation: VariationResult;
  /** The same, by specialty (general surgery, trauma and orthopaedics, cardiology). */
  specialties: VariationResult[];
  /** Specialties with no activity at all in the window (no rates to show). */
  missingSpecialties: string[];
  /** The children's variation (an ICB's sub-ICB locations, a region's ICBs); null for sub-ICBs. */
  children: VariationResult | null;
  /** The area's monthly series; null when the store holds no run of two or more months. */
  trend: TrendOutput | null;
  waits: WaitsOutput;
  /** The registry's policies for the area; null when the site has no registry. */
  restrictions?: AreaRestrictions | null;
}

const LEVEL_PATH: Record<Level, string> = {
  commissioner: "Sub-ICB locations",
  icb: "ICBs",
  region: "Regions",
};

/** The rows of `v` that share the area's parent (its ICS, or its region), the area included. */
function siblings(input: AreaInput, self: AreaRate): AreaRate[] {
  const v = input.variation;
  if (input.level === "commissioner") return v.areas.filter((a) => a.icbCode === self.icbCode);
  if (input.level === "icb") return v.areas.filter((a) => a.regionName === self.regionName);
  return v.areas;
}

/** The area's rate month by month with its SPC signals: the chart, its table and its download. */
function overTimeFigure(
  t: TrendOutput,
  code: string,
  place: string,
  synthetic: boolean,
  digits: number,
  exports: PageExport[],
): Html {
  const rate = (x: number) => formatRate(x, digits);
  const spc = spcChart(
    t,
    { source: rateSource(t.source.populationVintage), synthetic },
    720,
    place,
  );
  const spcExport: PageExport = {
    name: "spc",
    title: spc.title,
    chart: spc,
    table: tidyTable(trendToTidy(t).filter((r) => r.areaCode === code || r.signal !== null)),
  };
  exports.push(spcExport);
  const special = t.series.filter((s) => s.spc !== "common-cause");
  const spcTable = table({
    caption: `${measureWithUnit(t)} in ${place} each month`,
    columns: [
      { header: "Month", cell: (s) => formatMonth(s.month) },
      { header: "Count", numeric: true, cell: (s) => formatCount(s.count) },
      { header: "Rate", numeric: true, cell: (s) => rate(s.rate) },
      {
        header: "95% interval",
        numeric: true,
        cell: (s) => formatInterval(s.lower95, s.upper95, digits),
      },
      { header: "SPC signal", cell: (s) => SIGNAL_LABELS[s.spc] },
    ],
    rows: t.series,
  });

  return figure(
    spcExport,
    spcTable,
    `${spc.alt} ${special.length === 0 ? "No month shows special-cause variation." : `${special.length} month${special.length === 1 ? "" : "s"} show special-cause variation.`}`,
  );
}

export function areaView(input: AreaInput, ctx: PageContext): PageView {
  const v = input.variation;
  const self = v.areas.find((a) => a.code === input.code);
  // An area whose providers did not all submit: its rate, but no rank (analysis/completeness.ts).
  const incomplete = self
    ? undefined
    : v.completeness?.incomplete.find((a) => a.code === input.code);
  const digits = rateDigits(v.england.rate);
  const synthetic = ctx.meta.synthetic;
  // The area's one label, as in every table and sentence: "Wakefield (03R)" (analysis/labels.ts).
  const place = areaLabel({ name: input.name, code: input.code });
  const exports: PageExport[] = [];
  const rate = (x: number) => formatRate(x, digits);

  // Over time, with SPC (a store of one month has no series: the page says so).
  const overTime = input.trend
    ? overTimeFigure(input.trend, input.code, place, synthetic, digits, exports)
    : html`<p class="nhsuk-body">
        The rate over time appears once two or more consecutive months are held; the figures here
        are for ${formatMonth(v.to)} only.
      </p>`;

  // Against England and its neighbours.
  const sib = self ? siblings(input, self) : [];
  const sibExport: PageExport = {
    name: "neighbours",
    title: `${place} and the other areas of ${input.level === "region" ? "England" : shortName(input.parent?.name ?? "its group")}`,
    chart: null,
    table: tidyTable(variationToTidy({ ...v, areas: sib }, () => false)),
  };
  exports.push(sibExport);
  const sibTable = table({
    caption: `${measureWithUnit(v)}, ${formatPeriod(v.from, v.to)}`,
    sortable: true,
    highlight: (a) => a.code === input.code,
    columns: [
      {
        header: "Area",
        cell: (a) =>
          a.code === input.code
            ? html`<strong>${areaLabel(a)}</strong>`
            : html`<a href="${href(ctx, `/area/${a.code}/`)}">${areaLabel(a)}</a>`,
        sortValue: (a) => areaLabel(a),
      },
      { header: "Rate", numeric: true, cell: (a) => rate(a.rate), sortValue: (a) => a.rate },
      {
        header: "95% interval",
        numeric: true,
        cell: (a) => formatInterval(a.lower95, a.upper95, digits),
      },
      {
        header: "Rank (95% interval)",
        numeric: true,
        cell: (a) => `${a.rank} (${a.rankLower95}–${a.rankUpper95})`,
        sortValue: (a) => a.rank,
      },
      {
        header: "Compared with England",
        cell: (a) => comparisonTag(a.comparedToEngland),
        sortValue: (a) => a.comparedToEngland,
      },
    ],
    rows: sib,
  });

  // Children (an ICB's sub-ICB locations, a region's ICBs).
  const kids = input.children;
  const childRows = kids
    ? kids.areas.filter((a) =>
        input.level === "icb" ? a.icbCode === input.code : a.regionName === input.name,
      )
    : [];
  let childBlock = html``;
  if (kids && childRows.length > 0) {
    const childExport: PageExport = {
      name: "areas-within",
      title: `Areas within ${place}`,
      chart: null,
      table: tidyTable(variationToTidy({ ...kids, areas: childRows }, () => false)),
    };
    exports.push(childExport);
    childBlock = html`<h2 class="nhsuk-heading-l">Areas within ${place}</h2>
      ${figure(
        childExport,
        table({
          caption: `${measureWithUnit(kids)} in the areas within ${place}`,
          sortable: true,
          columns: [
            {
              header: "Area",
              cell: (a) => html`<a href="${href(ctx, `/area/${a.code}/`)}">${areaLabel(a)}</a>`,
              sortValue: (a) => areaLabel(a),
            },
            { header: "Rate", numeric: true, cell: (a) => rate(a.rate), sortValue: (a) => a.rate },
            {
              header: "95% interval",
              numeric: true,
              cell: (a) => formatInterval(a.lower95, a.upper95, digits),
            },
            {
              header: "Compared with England",
              cell: (a) => comparisonTag(a.comparedToEngland),
              sortValue: (a) => a.comparedToEngland,
            },
          ],
          rows: childRows,
        }),
      )}
      ${
        childRows.length >= 2
          ? html`<p class="nhsuk-body">
              <a
                href="${href(
                  ctx,
                  `/compare/${childRows
                    .slice(0, 6)
                    .map((a) => a.code)
                    .join("+")}/`,
                )}"
                >Compare ${childRows.length > 6 ? "the first six of these areas" : "these areas"}
                side by side</a
              >
            </p>`
          : ""
      }`;
  }

  // Specialties.
  const specRows = input.specialties.map((s) => ({
    s,
    a: s.areas.find((a) => a.code === input.code) ?? null,
  }));
  const specExport: PageExport = {
    name: "specialties",
    title: `${place} by specialty`,
    chart: null,
    table: tidyTable(
      input.specialties.flatMap((s) =>
        variationToTidy(
          { ...s, areas: s.areas.filter((a) => a.code === input.code) },
          (code) => code === input.code,
        ),
      ),
    ),
  };
  exports.push(specExport);
  const specTable = table({
    caption: `${measureWithUnit(v)} by specialty, ${formatPeriod(v.from, v.to)}`,
    columns: [
      { header: "Specialty", cell: (r) => r.s.specialtyName },
      { header: place, numeric: true, cell: (r) => (r.a ? rate(r.a.rate) : "no data") },
      {
        header: "95% interval",
        numeric: true,
        cell: (r) => (r.a ? formatInterval(r.a.lower95, r.a.upper95, digits) : "–"),
      },
      { header: "England", numeric: true, cell: (r) => rate(r.s.england.rate) },
      { header: "Compared with England", cell: (r) => comparisonTag(r.a?.comparedToEngland) },
      {
        header: "Rank",
        numeric: true,
        cell: (r) => (r.a ? `${r.a.rank} of ${r.s.areas.length}` : "–"),
      },
    ],
    rows: specRows,
  });

  // Waiting times.
  const w = input.waits;
  const wa = w.areas.find((a) => a.code === input.code) ?? null;
  const waitsExport: PageExport = {
    name: "waits",
    title: `Waiting list in ${place}, ${formatMonth(w.month)}`,
    chart: null,
    table: tidyTable(waitsToTidy({ ...w, areas: wa ? [wa] : [] })),
  };
  exports.push(waitsExport);
  const waitRows = (
    [
      ["Waiting at month end", "waiting", formatCount],
      ["Within 18 weeks (standard 92%)", "pctWithin18", formatPercent],
      ["Median wait", "medianWeeks", formatWeeks],
      ["92nd-percentile wait", "p92Weeks", formatWeeks],
      ["Waiting 52 weeks or more", "over52", formatCount],
      ["Waiting 65 weeks or more", "over65", formatCount],
      ["Waiting 78 weeks or more", "over78", formatCount],
      ["Waiting 104 weeks or more", "over104", formatCount],
    ] as const
  ).map(([label, key, format]) => ({
    label,
    area: format(wa?.[key]),
    england: format(w.england[key]),
  }));
  const waitTable = table({
    caption: `Waiting list at the end of ${formatMonth(w.month)} (incomplete pathways)`,
    columns: [
      { header: "Figure", cell: (r) => r.label },
      { header: place, numeric: true, cell: (r) => r.area },
      { header: "England", numeric: true, cell: (r) => r.england },
    ],
    rows: waitRows,
  });

  // The need-adjusted view: observed ÷ expected for the population's need (1 = England's rate).
  const NEED_WORDS = {
    higher: "above the expected range for its need",
    similar: "within the expected range for its need",
    lower: "below the expected range for its need",
  } as const;
  const needSentence =
    self?.needAdjustedRatio != null && v.needAdjusted
      ? html` Allowing for its population's need for care (NHS England's need-weighted population,
        cited below), it treated ${formatRate(self.needAdjustedRatio, 2)} times England's rate for
        its need (95% interval
        ${formatInterval(self.needAdjustedLower95 ?? null, self.needAdjustedUpper95 ?? null, 2)}),
        ${self.needAdjustedComparedToEngland ? NEED_WORDS[self.needAdjustedComparedToEngland] : "not compared"};
        ranked ${ordinal(self.needAdjustedRank ?? 0)} on that basis
        (${ordinal(self.needAdjustedRankLower95 ?? 0)} to
        ${ordinal(self.needAdjustedRankUpper95 ?? 0)}).`
      : "";

  // Summary in plain English.
  const summary = self
    ? html`<p class="nhsuk-body-l">
          ${periodPhrase(v.from, v.to)}, ${place}'s NHS treated ${rate(self.rate)} patients per
          1,000 people a month (95% interval ${formatInterval(self.lower95, self.upper95, digits)}),
          ${comparisonPhrase(self.comparedToEngland, v.england.rate)} (${testPhrase(v)}).
        </p>
        <p class="nhsuk-body">
          Ranked against the ${v.areas.length} ${LEVEL_LABEL[input.level]}s of England it is
          ${ordinal(self.rank)} (1 = most treatment per head); allowing for chance, its rank could
          be anywhere from ${ordinal(self.rankLower95)} to
          ${ordinal(self.rankUpper95)}.${needSentence}${wa ? html` At the end of ${formatMonth(w.month)}, ${formatCount(wa.waiting)} people were waiting; ${formatPercent(wa.pctWithin18)} had waited under 18 weeks (England ${formatPercent(w.england.pctWithin18)}; the standard is 92%), and half had waited longer than ${formatWeeks(wa.medianWeeks)}.` : ""}
        </p>
        ${needSentence && v.needAdjusted ? html`<p class="nhsuk-body-s">Need-weighted population: ${v.needAdjusted.citation}.</p>` : ""}`
    : incomplete
      ? html`<p class="nhsuk-body-l">
            ${periodPhrase(v.from, v.to)}, ${place}'s NHS treated ${rate(incomplete.rate)} patients
            per 1,000 people a month (95% interval
            ${formatInterval(incomplete.lower95, incomplete.upper95, digits)}) in the data held, but
            this figure is incomplete and is not ranked or compared with England.
          </p>
          <p class="nhsuk-body">${incomplete.reason}.</p>`
      : html`<p class="nhsuk-body-l">
          ${place} has no rate for ${formatPeriod(v.from, v.to)}: it is not one of the areas of this
          window's geography.
        </p>`;

  // Completeness: the trusts that did not submit, if they matter to this area.
  const comp = v.completeness;
  const completenessBlock = incomplete
    ? html`<div class="nhsuk-warning-callout">
        <h3 class="nhsuk-warning-callout__label">
          <span role="text"
            ><span class="nhsuk-u-visually-hidden">Important: </span>Incomplete data</span
          >
        </h3>
        <p>${incomplete.reason}.</p>
        <ul>
          ${incomplete.missingProviders.map(
            (m) =>
              html`<li>
                ${m.name ?? m.code}
                (${m.code})${m.share === null ? "" : html`: normally ${formatPercent(m.share * 100)} of this area's activity`}${m.partial ? `; partial submission: ${m.partial}` : ""}
              </li>`,
          )}
        </ul>
      </div>`
    : comp
      ? html`<p class="nhsuk-body">
          Complete: no trust that normally provides more than
          ${formatPercent(comp.threshold * 100, 0)} of this area's activity missed a month of the
          window.${comp.note ? html` ${comp.note}` : ""}
        </p>`
      : html`<p class="nhsuk-body">Completeness was not assessed for this result.</p>`;

  // Deprivation context (sub-ICB locations with an IMD 2025 score).
  const dep = v.deprivation;
  const quintile = dep?.quintiles.find((q) => q.codes.includes(input.code)) ?? null;
  const deprivationBlock =
    dep && quintile
      ? html`<h2 class="nhsuk-heading-l">Deprivation</h2>
          <p class="nhsuk-body">
            ${place} is in deprivation fifth ${quintile.label} of the ${dep.areasMatched} areas
            (English Indices of Deprivation 2025, by the deprivation of its population). That
            fifth's rate was ${rate(quintile.rate)} (95% interval
            ${formatInterval(quintile.lower95, quintile.upper95, digits)}), ${v.unit}.
          </p>
          ${deprivationSentences(v).map((x) => html`<p class="nhsuk-body">${x}</p>`)}
          <p class="nhsuk-body-s">Source: ${dep.source}</p>`
      : html``;

  const restrictions = input.restrictions
    ? restrictionsSection(input.restrictions, place, ctx)
    : null;
  if (restrictions) exports.push(...restrictions.exports);

  const excludedCount = v.excluded.reduce((s, e) => s + e.count, 0);
  const body = html`
    <span class="nhsuk-caption-l"
      >${LEVEL_LABEL[input.level]} ·
      ${input.code}${input.parent ? html` · part of <a href="${href(ctx, `/area/${input.parent.code}/`)}">${shortName(input.parent.name)}</a>` : ""}</span
    >
    <h1 class="nhsuk-heading-xl">${place}</h1>
    <h2 class="nhsuk-heading-m">Summary</h2>
    ${summary}
    ${
      self
        ? html`<div class="rw-keys">
            ${keyFigure(rate(self.rate), measureWithUnit(v), `95% interval ${formatInterval(self.lower95, self.upper95, digits)}; ${formatCount(self.count)} in ${v.months} month${v.months === 1 ? "" : "s"}; population ${formatCount(self.population)}`)}
            ${keyFigure(`${self.rank} of ${v.areas.length}`, "rank (1 = highest rate)", `95% rank interval ${self.rankLower95} to ${self.rankUpper95}`)}
            ${keyFigure(rate(v.england.rate), "England", `95% interval ${formatInterval(v.england.lower95, v.england.upper95, digits)}`)}
          </div>`
        : ""
    }
    <h2 class="nhsuk-heading-l">Over time</h2>
    ${overTime}
    <h2 class="nhsuk-heading-l">Compared with England and its neighbours</h2>
    ${figure(sibExport, sibTable)}
    ${
      input.level === "commissioner" && input.parent && sib.length >= 2
        ? html`<p class="nhsuk-body">
            <a
              href="${href(
                ctx,
                `/compare/${sib
                  .slice(0, 6)
                  .map((a) => a.code)
                  .join("+")}/`,
              )}"
              >Compare the areas of ${shortName(input.parent.name)} side by side</a
            >
          </p>`
        : ""
    }
    ${childBlock}
    <h2 class="nhsuk-heading-l">Specialties</h2>
    ${figure(specExport, specTable)}
    ${input.missingSpecialties.length > 0 ? html`<p class="nhsuk-body">No activity was recorded in this window for: ${input.missingSpecialties.join(", ")}.</p>` : ""}
    <h2 class="nhsuk-heading-l">Waiting times</h2>
    ${figure(waitsExport, waitTable)}
    ${
      restrictions
        ? html`<h2 class="nhsuk-heading-l" id="restrictions">Restrictions</h2>
            ${restrictions.body}`
        : ""
    }
    ${deprivationBlock}
    <h2 class="nhsuk-heading-l">Completeness and what is left out</h2>
    ${completenessBlock}
    ${inset(html`Rates count every provider's pathways for patients this commissioner is responsible for. ${v.excluded.length} non-geographic or unknown commissioner codes (${formatCount(excludedCount)} pathways in England) are left out of every per-head figure; see the <a href="${href(ctx, "/methodology/")}">methodology</a>.`)}
    <p class="nhsuk-body-s">Sources: ${rateSource(v.source.populationVintage)} ${waitsSource()}</p>
  `;
  return {
    title: place,
    breadcrumbs: [
      { label: "Home", path: "/" },
      { label: LEVEL_PATH[input.level], path: "/indicator/" },
      ...(input.parent
        ? [{ label: shortName(input.parent.name), path: `/area/${input.parent.code}/` }]
        : []),
    ],
    body: body.value,
    exports,
    syntheticRecords: input.restrictions?.synthetic ?? false,
  };
}
