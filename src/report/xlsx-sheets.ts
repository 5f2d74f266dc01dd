/** The workbook's table sheets as data: name, columns (header, value, number format) and rows. */
import { leagueRows, NOT_RANKED, type LeagueRow } from "../analysis/league-rows.ts";
import { NO_REGION_NEED_FIGURES } from "../analysis/need-adjusted.ts";
import type { VariationResult, WaitsResult } from "../analysis/types.ts";

import { restrictionSheets } from "./restrictions-section.ts";
import { deprivationRows, type DeprivationRow } from "./sections.ts";
import type { ReportInput } from "./types.ts";

export interface SheetColumn<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  numFmt?: string;
  width?: number;
}

export interface SheetDef<T = never> {
  name: string;
  columns: Array<SheetColumn<T>>;
  rows: T[];
  freezeColumns?: number;
}

export const FORMATS = {
  count: "#,##0",
  rate: "0.00",
  ratio: "0.00",
  ratioFine: "0.000",
  percent: '0.0"%"',
  weeks: "0.0",
  z: "0.00",
} as const;

const sheet = <T>(def: SheetDef<T>): SheetDef => def as unknown as SheetDef;

function rateCols<
  T extends { rate: number; lower95: number; upper95: number; lower998: number; upper998: number },
>(): Array<SheetColumn<T>> {
  return [
    { header: "Rate", value: (r) => r.rate, numFmt: FORMATS.rate },
    { header: "Lower 95%", value: (r) => r.lower95, numFmt: FORMATS.rate },
    { header: "Upper 95%", value: (r) => r.upper95, numFmt: FORMATS.rate },
    { header: "Lower 99.8%", value: (r) => r.lower998, numFmt: FORMATS.rate },
    { header: "Upper 99.8%", value: (r) => r.upper998, numFmt: FORMATS.rate },
  ];
}

function areaColumns(): Array<SheetColumn<LeagueRow>> {
  return [
    { header: "Rank", value: (a) => a.rank ?? NOT_RANKED, width: 7 },
    { header: "Code", value: (a) => a.code, width: 8 },
    { header: "Area", value: (a) => a.name, width: 44 },
    { header: "ICS code", value: (a) => a.icbCode },
    { header: "ICS", value: (a) => a.icbName, width: 40 },
    { header: "Region", value: (a) => a.regionName, width: 24 },
    { header: "Count", value: (a) => a.count, numFmt: FORMATS.count, width: 12 },
    { header: "Population", value: (a) => a.population, numFmt: FORMATS.count, width: 12 },
    ...rateCols<LeagueRow>(),
    { header: "Rank lower 95%", value: (a) => a.rankLower95 },
    { header: "Rank upper 95%", value: (a) => a.rankUpper95 },
    {
      header: "vs England: expected range, over-dispersion-adjusted funnel (95%)",
      value: (a) => a.comparedToEngland,
      width: 18,
    },
    {
      header: "vs England: expected range, over-dispersion-adjusted funnel (99.8%)",
      value: (a) => a.comparedToEngland998,
      width: 18,
    },
    {
      header: "vs England: Poisson 95% CI (Fingertips)",
      value: (a) => a.poissonComparedToEngland,
      width: 16,
    },
    {
      header: "vs England: Poisson 99.8% CI (Fingertips)",
      value: (a) => a.poissonComparedToEngland998,
      width: 16,
    },
    {
      header: "Need-weighted population",
      value: (a) => a.needWeightedPopulation,
      numFmt: FORMATS.count,
      width: 12,
    },
    {
      header: "Expected count (England's rate for its need)",
      value: (a) => a.needAdjustedExpected,
      numFmt: "#,##0.0",
      width: 14,
    },
    { header: "Need-adjusted ratio", value: (a) => a.needAdjustedRatio, numFmt: FORMATS.ratioFine },
    { header: "Ratio lower 95%", value: (a) => a.needAdjustedLower95, numFmt: FORMATS.ratioFine },
    { header: "Ratio upper 95%", value: (a) => a.needAdjustedUpper95, numFmt: FORMATS.ratioFine },
    {
      header: "Ratio lower 99.8%",
      value: (a) => a.needAdjustedLower998,
      numFmt: FORMATS.ratioFine,
    },
    {
      header: "Ratio upper 99.8%",
      value: (a) => a.needAdjustedUpper998,
      numFmt: FORMATS.ratioFine,
    },
    { header: "Need-adjusted rank", value: (a) => a.needAdjustedRank },
    { header: "Need-adjusted rank lower 95%", value: (a) => a.needAdjustedRankLower95 },
    { header: "Need-adjusted rank upper 95%", value: (a) => a.needAdjustedRankUpper95 },
    {
      header: "Need-adjusted vs England: expected range, over-dispersion-adjusted funnel (95%)",
      value: (a) => a.needAdjustedComparedToEngland,
      width: 18,
    },
    {
      header: "Need-adjusted vs England: expected range, over-dispersion-adjusted funnel (99.8%)",
      value: (a) => a.needAdjustedComparedToEngland998,
      width: 18,
    },
    {
      header: "Need-adjusted vs England: Poisson 95% CI (Fingertips)",
      value: (a) => a.needAdjustedPoissonComparedToEngland,
      width: 16,
    },
    { header: "Completeness", value: (a) => a.completeness, width: 12 },
    {
      header: "Why not ranked (missing submissions)",
      value: (a) => a.incompleteReason,
      width: 60,
    },
  ];
}

type WaitRow = WaitsResult["areas"][number];

function waitsSheet(name: string, w: WaitsResult): SheetDef {
  const rows: WaitRow[] = [
    ...w.areas,
    { ...w.england, code: "E92000001", name: "England", change: null },
  ];
  return sheet<WaitRow>({
    name,
    freezeColumns: 2,
    columns: [
      { header: "Code", value: (r) => r.code, width: 12 },
      { header: "Name", value: (r) => r.name, width: 40 },
      { header: "Month", value: () => w.month },
      { header: "Waiting list", value: (r) => r.waiting, numFmt: FORMATS.count, width: 13 },
      { header: "Within 18 weeks", value: (r) => r.within18, numFmt: FORMATS.count, width: 13 },
      { header: "% within 18 weeks", value: (r) => r.pctWithin18, numFmt: FORMATS.percent },
      { header: "Over 52 weeks", value: (r) => r.over52, numFmt: FORMATS.count },
      { header: "Over 65 weeks", value: (r) => r.over65, numFmt: FORMATS.count },
      { header: "Over 78 weeks", value: (r) => r.over78, numFmt: FORMATS.count },
      { header: "Over 104 weeks", value: (r) => r.over104, numFmt: FORMATS.count },
      { header: "Median wait (weeks)", value: (r) => r.medianWeeks, numFmt: FORMATS.weeks },
      { header: "92nd percentile wait (weeks)", value: (r) => r.p92Weeks, numFmt: FORMATS.weeks },
      {
        header: `Change in waiting list since ${w.baseline ?? "baseline"}`,
        value: (r) => r.change?.waiting ?? null,
        numFmt: FORMATS.count,
        width: 16,
      },
      {
        header: `Change in % within 18 weeks since ${w.baseline ?? "baseline"}`,
        value: (r) => r.change?.pctWithin18 ?? null,
        numFmt: "0.0",
        width: 16,
      },
      {
        header: "Incomplete (missing submissions)",
        value: (r) => r.incompleteReason ?? null,
        width: 60,
      },
    ],
    rows,
  });
}

type SpecialtyRow = LeagueRow & { specialty: string; specialtyName: string };

/** Every table sheet of the workbook, in order. */
export function sheetDefinitions(input: ReportInput): SheetDef[] {
  const v = input.variation;
  const regionRows = [
    ...v.regions,
    {
      ...v.england,
      ...NO_REGION_NEED_FIGURES,
      // England's need-adjusted ratio is 1 by construction, over the areas with a need-weighted population.
      ...(v.needAdjusted
        ? {
            needWeightedPopulation: v.needAdjusted.needWeightedPopulation,
            needAdjustedExpected: v.needAdjusted.expected,
            needAdjustedRatio: 1,
          }
        : {}),
      name: "England",
      comparedToEngland: null,
      poissonComparedToEngland: null,
    },
  ];
  const defs: SheetDef[] = [
    sheet<LeagueRow>({
      name: "League table",
      freezeColumns: 3,
      columns: areaColumns(),
      rows: leagueRows(v, v.measureBasis ?? "crude"),
    }),
    sheet<(typeof regionRows)[number]>({
      name: "Regions",
      freezeColumns: 1,
      columns: [
        { header: "Region", value: (r) => r.name, width: 26 },
        { header: "Count", value: (r) => r.count, numFmt: FORMATS.count, width: 12 },
        { header: "Population", value: (r) => r.population, numFmt: FORMATS.count, width: 12 },
        ...rateCols<(typeof regionRows)[number]>(),
        {
          header: "vs England: expected range, regions' funnel (95%)",
          value: (r) => r.comparedToEngland,
          width: 18,
        },
        {
          header: "vs England: Poisson 95% CI (Fingertips)",
          value: (r) => r.poissonComparedToEngland,
          width: 16,
        },
        ...(v.needAdjusted
          ? [
              {
                header: "Need-weighted population",
                value: (r: (typeof regionRows)[number]) => r.needWeightedPopulation ?? null,
                numFmt: FORMATS.count,
                width: 14,
              },
              {
                header: "Need-adjusted expected",
                value: (r: (typeof regionRows)[number]) => r.needAdjustedExpected ?? null,
                numFmt: FORMATS.count,
                width: 14,
              },
              {
                header: "Need-adjusted ratio",
                value: (r: (typeof regionRows)[number]) => r.needAdjustedRatio ?? null,
                numFmt: FORMATS.ratioFine,
              },
              {
                header: "Ratio lower 95%",
                value: (r: (typeof regionRows)[number]) => r.needAdjustedLower95 ?? null,
                numFmt: FORMATS.ratioFine,
              },
              {
                header: "Ratio upper 95%",
                value: (r: (typeof regionRows)[number]) => r.needAdjustedUpper95 ?? null,
                numFmt: FORMATS.ratioFine,
              },
              {
                header: "Need-adjusted vs England: expected range, regions' ratio funnel (95%)",
                value: (r: (typeof regionRows)[number]) => r.needAdjustedComparedToEngland ?? null,
                width: 18,
              },
            ]
          : []),
      ],
      rows: regionRows,
    }),
    ...(v.deprivation
      ? [
          sheet<DeprivationRow>({
            name: "Deprivation",
            freezeColumns: 1,
            columns: [
              { header: "Deprivation fifth (IMD 2025)", value: (r) => r.label, width: 52 },
              { header: "Areas", value: (r) => r.areas },
              { header: "Count", value: (r) => r.count, numFmt: FORMATS.count, width: 12 },
              {
                header: "Population",
                value: (r) => r.population,
                numFmt: FORMATS.count,
                width: 12,
              },
              { header: "Rate / index", value: (r) => r.value, numFmt: FORMATS.rate },
              { header: "Lower 95%", value: (r) => r.lower95, numFmt: FORMATS.rate },
              { header: "Upper 95%", value: (r) => r.upper95, numFmt: FORMATS.rate },
            ],
            rows: deprivationRows(v),
          }),
        ]
      : []),
    sheet<VariationResult["withinIcs"][number]>({
      name: "Within ICS",
      freezeColumns: 2,
      columns: [
        { header: "ICS code", value: (w) => w.icbCode },
        { header: "ICS", value: (w) => w.icbName, width: 44 },
        { header: "Areas", value: (w) => w.areas },
        { header: "Highest code", value: (w) => w.highest.code },
        { header: "Highest area", value: (w) => w.highest.name, width: 40 },
        { header: "Highest rank", value: (w) => w.highest.rank },
        { header: "Highest rate", value: (w) => w.highest.rate, numFmt: FORMATS.rate },
        { header: "Lowest code", value: (w) => w.lowest.code },
        { header: "Lowest area", value: (w) => w.lowest.name, width: 40 },
        { header: "Lowest rank", value: (w) => w.lowest.rank },
        { header: "Lowest rate", value: (w) => w.lowest.rate, numFmt: FORMATS.rate },
        { header: "Ratio", value: (w) => w.ratio, numFmt: FORMATS.ratio },
      ],
      rows: v.withinIcs,
    }),
    sheet<VariationResult>({
      name: "Specialties",
      freezeColumns: 2,
      columns: [
        { header: "Specialty code", value: (s) => s.specialty },
        { header: "Specialty", value: (s) => s.specialtyName, width: 28 },
        {
          header: "England count",
          value: (s) => s.england.count,
          numFmt: FORMATS.count,
          width: 14,
        },
        { header: "England rate", value: (s) => s.england.rate, numFmt: FORMATS.rate },
        {
          header: "Top ÷ bottom ten",
          value: (s) => s.spread.topToBottomTenRatio,
          numFmt: FORMATS.ratio,
        },
        { header: "EQ5–95", value: (s) => s.spread.eq5to95, numFmt: FORMATS.ratio },
        { header: "CV (%)", value: (s) => s.spread.cv, numFmt: "0.0" },
        {
          header: "Higher",
          value: (s) => s.areas.filter((a) => a.comparedToEngland === "higher").length,
        },
        {
          header: "Similar",
          value: (s) => s.areas.filter((a) => a.comparedToEngland === "similar").length,
        },
        {
          header: "Lower",
          value: (s) => s.areas.filter((a) => a.comparedToEngland === "lower").length,
        },
        {
          header: "Not ranked (incomplete)",
          value: (s) => s.completeness?.incomplete.length ?? 0,
        },
      ],
      rows: [v, ...input.specialties],
    }),
    sheet<SpecialtyRow>({
      name: "Specialty areas",
      freezeColumns: 4,
      columns: [
        { header: "Specialty code", value: (r) => r.specialty },
        { header: "Specialty", value: (r) => r.specialtyName, width: 24 },
        ...areaColumns(),
      ] as Array<SheetColumn<SpecialtyRow>>,
      rows: input.specialties.flatMap((s) =>
        leagueRows(s).map((a) => ({
          ...a,
          specialty: s.specialty,
          specialtyName: s.specialtyName,
        })),
      ),
    }),
    waitsSheet("Waits", input.waits),
  ];
  if (input.waitsByCommissioner) defs.push(waitsSheet("Waits by area", input.waitsByCommissioner));
  const t = input.trend;
  // A one-month window of a store with no month before it has no trend: no Trend sheet.
  if (t) {
    defs.push(
      sheet<TrendRow>({
        name: "Trend",
        freezeColumns: 1,
        columns: [
          { header: "Month", value: (s) => s.month },
          { header: "Count", value: (s) => s.count, numFmt: FORMATS.count, width: 12 },
          { header: "Population", value: (s) => s.population, numFmt: FORMATS.count, width: 12 },
          { header: "Rate", value: (s) => s.rate, numFmt: FORMATS.rate },
          { header: "Lower 95%", value: (s) => s.lower95, numFmt: FORMATS.rate },
          { header: "Upper 95%", value: (s) => s.upper95, numFmt: FORMATS.rate },
          {
            header: "Change on previous month (%)",
            value: (s) => s.changeOnPreviousMonth,
            numFmt: "0.0",
          },
          { header: "Areas up", value: (s) => s.areasUp },
          { header: "Areas compared", value: (s) => s.areasCompared },
          { header: "% of same month in 2019", value: (s) => s.recoveryVs2019, numFmt: "0.0" },
          { header: "SPC signal", value: (s) => s.spc, width: 16 },
          { header: "SPC mean", value: () => t.spc.mean, numFmt: FORMATS.rate },
          { header: "Upper process limit", value: () => t.spc.upperLimit, numFmt: FORMATS.rate },
          { header: "Lower process limit", value: () => t.spc.lowerLimit, numFmt: FORMATS.rate },
        ],
        rows: t.series,
      }),
    );
  }
  defs.push(
    sheet<FunnelRow>({
      name: "Funnel",
      freezeColumns: 2,
      columns: [
        { header: "Code", value: (p) => p.code },
        { header: "Area", value: (p) => p.name, width: 44 },
        { header: "Population", value: (p) => p.population, numFmt: FORMATS.count, width: 12 },
        { header: "Rate", value: (p) => p.rate, numFmt: FORMATS.rate },
        { header: "z", value: (p) => p.z, numFmt: FORMATS.z },
        { header: "Position (Poisson limits)", value: (p) => p.position, width: 16 },
        { header: "Position (adjusted limits)", value: (p) => p.positionAdjusted, width: 16 },
      ],
      rows: v.funnel.points.map((p) => ({
        ...p,
        name: v.areas.find((a) => a.code === p.code)?.name ?? "",
      })),
    }),
    sheet<VariationResult["excluded"][number]>({
      name: "Excluded",
      columns: [
        { header: "Code", value: (e) => e.code },
        { header: "Name", value: (e) => e.name, width: 44 },
        { header: "Count", value: (e) => e.count, numFmt: FORMATS.count, width: 12 },
        { header: "Reason", value: (e) => e.reason, width: 50 },
      ],
      rows: v.excluded,
    }),
  );
  defs.push(...restrictionSheets(input.restrictions));
  return defs;
}

type TrendRow = NonNullable<ReportInput["trend"]>["series"][number];
type FunnelRow = VariationResult["funnel"]["points"][number] & { name: string };
