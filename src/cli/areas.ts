import { DENOMINATORS, type Denominator } from "../analysis/denominators.ts";
import { areaLabel } from "../analysis/labels.ts";
import { displayName } from "../analysis/units.ts";
import { UsageError } from "../errors.ts";
import { areasInForce, populationVintage, type AreaInfo, type AreaLevel } from "../geo/areas.ts";
import {
  knownNonGeographic,
  nonGeographicInData,
  unknownCommissioners,
  type CommissionerInData,
} from "../geo/commissioners.ts";
import { vintageForMonth } from "../geo/vintages.ts";
import { allHeldMonths, heldPeriods } from "../store/activity-queries.ts";
import type { Store } from "../store/db.ts";

import { parseChoice, parseCommandArgs, parseMonthFlag } from "./args.ts";
import { withStoreOrReference, type Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import {
  FORMATS,
  formatNumber,
  labelCsv,
  renderCsv,
  outputWidth,
  renderTable,
  droppable,
  wrapText,
  type Column,
  renderFormat,
} from "./output.ts";

const HELP = `Usage: rationwatch areas [--level commissioner|icb|region] [--month YYYY-MM] [--denominator D]
                        [--format table|csv|json] [--db PATH]

Lists the geographic areas in force in a month with their ICB (STP/ICS before July 2022), NHS
region and population; and, when the store holds that month's RTT data, the commissioner codes the
reference geography does not know and the non-geographic codes (both excluded from per-capita
figures).

Options:
  --month YYYY-MM   default: the latest RTT period in the store, else 2021-04
  --level LEVEL     commissioner (default): the CCGs (April 2021 – June 2022, and earlier months)
                    or sub-ICB locations (July 2022 on), as every command's --level; ccg or
                    sub-icb also say which you expect (refused for a month of the other kind);
                    icb: ICBs, or STPs/ICSs before July 2022; region: the 7 NHS regions. ICB and
                    region populations are sums of their areas.
  --denominator D   resident (default), registered or need-weighted: which population is shown
  --format FORMAT   table (default), csv (the areas only) or json:
                    {"month","areas":[{"code","onsCode","name","label","type","icbCode",
                    "regionName","population"}],"unknownCommissioners":[{"code","rows","count"}],
                    "nonGeographic":[{"code","reason"}]}; "name" is the official name, "label"
                    the one every output shows ("Wakefield (03R)")
  --db PATH         store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb); without one,
                    only the shipped reference data is shown
  -h, --help        show this help

"rows" and "count" are the code's treatment-function rows (C_999 excluded) in the month and the sum
of their "Total All". "nonGeographic" lists the codes present in the month's data, or every known
code when the store does not hold the month.
`;

/** The --level names of every command (commissioner, icb, region), and the vintage-checked ccg / sub-icb. */
const LEVELS = ["commissioner", "icb", "region", "ccg", "sub-icb"] as const;

export interface AreasReport {
  month: string;
  held: boolean;
  level: AreaLevel;
  areas: AreaInfo[];
  populationVintage: string;
  /** The store's RTT data for the month is synthetic demonstration data. */
  synthetic: boolean;
  unknownCommissioners: CommissionerInData[];
  nonGeographic: Array<{ code: string; reason: string }>;
}

/** Everything `areas` shows, for one month and level. */
export async function readAreas(
  store: Store,
  options: { month?: string; level?: (typeof LEVELS)[number]; denominator?: Denominator },
): Promise<AreasReport> {
  const held = await allHeldMonths(store);
  const month = options.month ?? held[held.length - 1] ?? "2021-04";
  const vintage = vintageForMonth(month);
  const flag = options.level;
  if ((flag === "ccg" || flag === "sub-icb") && flag !== vintage.commissionerType) {
    throw new UsageError(
      `--level ${flag}: ${month} uses the ${vintage.label} geography (use --level ${vintage.commissionerType})`,
    );
  }
  const level: AreaLevel = flag === "icb" || flag === "region" ? flag : "commissioner";
  const isHeld = held.includes(month);
  const denominator = options.denominator ?? "resident";
  const areas = await areasInForce(store, { month, level, denominator });
  const nonGeographic = isHeld
    ? await nonGeographicInData(store, { month })
    : await knownNonGeographic(store);
  return {
    month,
    held: isHeld,
    level,
    areas,
    populationVintage: await populationVintage(store, month, { denominator }),
    synthetic: isHeld && (await heldPeriods(store, month, month)).some((p) => p.synthetic),
    unknownCommissioners: isHeld ? await unknownCommissioners(store, { month }) : [],
    nonGeographic: nonGeographic.map((n) => ({ code: n.code, reason: n.reason })),
  };
}

/** The JSON contract of `areas --format json`. */
export function areasJson(r: AreasReport): unknown {
  return {
    month: r.month,
    areas: r.areas.map((a) => ({
      code: a.code,
      onsCode: a.onsCode,
      name: a.name,
      label: labelOf(a),
      type: a.type,
      icbCode: a.icbCode,
      regionName: a.regionName,
      population: a.population,
    })),
    unknownCommissioners: r.unknownCommissioners.map((u) => ({
      code: u.code,
      rows: u.rows,
      count: u.count,
    })),
    nonGeographic: r.nonGeographic,
  };
}

/** The area's label in every output, "Wakefield (03R)" (place and code; analysis/labels.ts). */
const labelOf = (a: AreaInfo) => areaLabel({ name: displayName(a), code: a.code });

const columns: Column<AreaInfo>[] = [
  { header: "Code", value: (a) => a.code },
  { header: "ONS code", value: (a) => a.onsCode },
  { header: "Area", value: labelOf },
  { header: "Type", value: (a) => a.type },
  { header: "ICB", value: (a) => a.icbCode },
  { header: "Region", value: (a) => a.regionName },
  { header: "Population", value: (a) => a.population },
];

/** The CSV columns: the JSON's camelCase names, as every command's CSV. */
const csvColumns: Column<AreaInfo>[] = [
  { header: "code", value: (a) => a.code },
  { header: "onsCode", value: (a) => a.onsCode },
  { header: "name", value: (a) => a.name },
  { header: "label", value: labelOf },
  { header: "type", value: (a) => a.type },
  { header: "icbCode", value: (a) => a.icbCode },
  { header: "regionName", value: (a) => a.regionName },
  { header: "population", value: (a) => a.population },
];

/**
 * The columns a level has: an ICB has no parent ICB, and a region is not its own region, so those
 * columns (which would be empty or repeat the name) are left out.
 */
export function columnsForLevel<T>(cols: Column<T>[], level: AreaLevel): Column<T>[] {
  const drop =
    level === "region"
      ? ["ICB", "icbCode", "Region", "regionName"]
      : level === "icb"
        ? ["ICB", "icbCode"]
        : [];
  return cols.filter((c) => !drop.includes(c.header));
}

/** The table view: areas, then unknown and non-geographic commissioners. */
export function formatAreasTable(r: AreasReport, width?: number): string {
  const total = r.areas.reduce((s, a) => s + (a.population ?? 0), 0);
  const out = [
    `${r.month}: ${r.areas.length} areas, population ${formatNumber(total)} (${r.populationVintage})`,
    "",
    ...(r.synthetic
      ? [
          `SYNTHETIC DEMONSTRATION DATA in the store for ${r.month}: the RTT figures are not real (these areas and populations are the shipped reference data)`,
        ]
      : []),
    "",
    renderTable(
      droppable(columnsForLevel(columns, r.level), ["ONS code", "Type", "ICB"]),
      r.areas,
      width,
    ).trimEnd(),
    "",
  ];
  if (!r.held) {
    out.push(`The store holds no RTT data for ${r.month}.`);
  } else if (r.unknownCommissioners.length === 0) {
    out.push(`Every geographic commissioner code in the ${r.month} RTT data is known.`);
  } else {
    out.push(
      `Commissioner codes in the ${r.month} RTT data that the reference geography does not know (excluded from per-capita figures):`,
    );
    for (const u of r.unknownCommissioners) {
      out.push(
        `  ${u.code.padEnd(6)} ${formatNumber(u.rows)} rows, Total All ${formatNumber(u.count)}${u.name ? `  ${u.name}` : ""}`,
      );
    }
  }
  out.push(
    "",
    r.held
      ? `Non-geographic commissioners in the ${r.month} RTT data (excluded from per-capita figures):`
      : "Known non-geographic commissioner codes (excluded from per-capita figures):",
  );
  for (const n of r.nonGeographic) out.push(`  ${n.code.padEnd(6)} ${n.reason}`);
  return wrapText(`${out.join("\n")}\n`, width);
}

export const areasCommand: Command = {
  name: "areas",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("areas", argv, {
      db: { type: "string" },
      month: { type: "string" },
      level: { type: "string" },
      denominator: { type: "string" },
      format: { type: "string" },
    });
    const month = parseMonthFlag("month", values.month);
    const level =
      values.level === undefined ? undefined : parseChoice("level", values.level, LEVELS, "ccg");
    const format = parseChoice("format", values.format, FORMATS, "table");
    // Without a store only the shipped reference data is shown (nothing is created on disk).
    const denominator = parseChoice("denominator", values.denominator, DENOMINATORS, "resident");
    const report = await withStoreOrReference(io, values.db, (store) =>
      readAreas(store, { month, level, denominator }),
    );
    io.stdout(
      renderFormat(format, {
        json: () => areasJson(report),
        csv: () =>
          labelCsv(
            renderCsv(columnsForLevel(csvColumns, report.level), report.areas),
            report.synthetic,
            `the store's RTT data for ${report.month}; these areas and populations are the shipped reference data`,
          ),
        table: () => formatAreasTable(report, outputWidth(io)),
      }),
    );
  },
};
