/**
 * tables.xlsx: one sheet per table with a frozen header row, number formats and filters, and a
 * Notes sheet (definitions, sources, OGL attribution, generation time, input checksums).
 * Values are written unrounded, exactly as the analyses returned them; formats only change display.
 */
import { writeFile } from "node:fs/promises";

import { isSynthetic } from "./charts/index.ts";
import { formatPeriod } from "./format.ts";
import type { ReportInput } from "./types.ts";
import { OGL, OGL_URL, ONS_SOURCE, OS_ATTRIBUTION, RTT_SOURCE, RTT_URL } from "./words.ts";
import { sheetDefinitions, type SheetDef } from "./xlsx-sheets.ts";
import { xlsxBytes, type XlsxRowStyle, type XlsxSheet, type XlsxWorkbook } from "./xlsx-writer.ts";

/** The banner on top of every sheet of a workbook built from synthetic demonstration data. */
export const SYNTHETIC_BANNER =
  "SYNTHETIC DEMONSTRATION DATA: these are not real NHS statistics and must not be quoted.";

const BANNER_STYLE = {
  bold: true,
  color: "FFFFFFFF",
  fill: "FFD5281B",
  height: 20,
  alone: true,
} as const;
const HEADER_STYLE = {
  bold: true,
  color: "FFFFFFFF",
  fill: "FF005EB8",
  vertical: "middle",
  wrapText: true,
  height: 30,
} as const;

/**
 * A sheet whose header is row 1, or row 2 under the synthetic-data banner (bold, red, merged across
 * the sheet's columns).
 */
function withBanner(sheet: XlsxSheet, synthetic: boolean): XlsxSheet {
  if (!synthetic) return sheet;
  const columns = sheet.widths.length;
  const rowStyles = new Map<number, XlsxRowStyle>([[1, BANNER_STYLE]]);
  for (const [row, style] of sheet.rowStyles ?? []) rowStyles.set(row + 1, style);
  return {
    ...sheet,
    rows: [[SYNTHETIC_BANNER], ...sheet.rows],
    rowStyles,
    freeze: { columns: sheet.freeze?.columns ?? 0, rows: (sheet.freeze?.rows ?? 0) + 1 },
    merges: columns > 1 ? [[1, 1, 1, columns]] : [],
    ...(sheet.autoFilterRow === undefined ? {} : { autoFilterRow: sheet.autoFilterRow + 1 }),
  };
}

function tableSheet(def: SheetDef, synthetic: boolean): XlsxSheet {
  return withBanner(
    {
      name: def.name,
      widths: def.columns.map((c) => c.width ?? Math.max(10, c.header.length + 2)),
      numFmts: def.columns.map((c) => c.numFmt),
      rows: [
        def.columns.map((c) => c.header),
        ...def.rows.map((row) => def.columns.map((c) => c.value(row) ?? null)),
      ],
      rowStyles: new Map([[1, HEADER_STYLE]]),
      freeze: { columns: def.freezeColumns ?? 0, rows: 1 },
      ...(def.rows.length > 0 ? { autoFilterRow: 1 } : {}),
    },
    synthetic,
  );
}

function notesRows(input: ReportInput, title: string, now: Date): Array<[string, string]> {
  const v = input.variation;
  const rows: Array<[string, string]> = [
    ["Title", title],
    ["Generated", now.toISOString()],
    ["Period", formatPeriod(v.from, v.to)],
    ["Measure", `${v.measure} (${v.specialtyName || v.specialty}), ${v.unit}`],
  ];
  if (isSynthetic(input)) {
    rows.push([
      "WARNING",
      "Synthetic demonstration data: these are not real NHS statistics and must not be quoted.",
    ]);
  }
  rows.push(
    [
      "Rate",
      `Count ÷ months in the window ÷ population × 1,000 (per=${v.per}). England = sum of the areas' counts ÷ sum of their populations.`,
    ],
    [
      "Confidence intervals",
      "Exact Poisson for counts below 10, Byar's method from 10 upwards, at 95% and 99.8%, computed on the count and scaled like the rate.",
    ],
    [
      "Compared with England",
      `'higher' / 'lower' = above / below the expected range: outside the funnel's 95% (or 99.8%) limits around England's rate, ${v.funnel.adjustment === "none" ? "which needed no widening (the areas vary no more than chance allows)" : "widened for the extra variation between areas (over-dispersion)"}; 'similar' = within it. This drives every colour and headline. The 'Poisson CI (Fingertips)' columns compare each area's own confidence interval with England's rate; they ignore over-dispersion and so flag more areas.`,
    ],
    [
      "Rank",
      "1 = highest rate; equal rates share the smaller rank. Rank range: the 25th to 975th of 1,000 simulated ranks, simulated from the same model as the funnel.",
    ],
    [
      "Completeness",
      `${v.completeness?.note ?? "Every provider that normally submits did so."} Rule: ${v.completeness?.method ?? "not checked (hand-built result)"}`,
    ],
    [
      "Funnel",
      `Target ${v.funnel.target}; φ = ${v.funnel.phi}; τ² = ${v.funnel.tau2}; adjustment: ${v.funnel.adjustment}. ${v.funnel.adjustmentReason}`,
    ],
    [
      "Spread",
      "Top ÷ bottom ten: highest rate ÷ mean of the ten lowest. EQ5–95: 95th ÷ 5th percentile (R type 7). CV: 100 × sample SD ÷ mean.",
    ],
    [
      "Waiting times",
      "Incomplete pathways (Part 2) at month end; % within 18 weeks against the 92% standard; median and 92nd percentile by linear interpolation within week bands.",
    ],
    [
      "SPC",
      "XmR chart: mean ± 2.66 × mean moving range; special causes: outside limits, trend of 7, run of 7 on one side, two of three beyond 2σ.",
    ],
    ["Method (analysis)", v.source.method],
    ["Population", `${ONS_SOURCE} (${v.source.populationVintage})`],
    ["Source", `${RTT_SOURCE}: ${RTT_URL}`],
    ["Licence", `${OGL} ${OGL_URL}`],
    ["Boundaries", input.boundaries?.attribution ?? OS_ATTRIBUTION],
  );
  const seen = new Set<string>();
  for (const r of [v, ...input.specialties, input.trend, input.waits, input.waitsByCommissioner]) {
    for (const f of r?.source.files ?? []) {
      const key = `${f.file}|${f.checksum}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push([`Input ${f.month}`, `${f.file} sha256:${f.checksum}`]);
    }
  }
  return rows;
}

/**
 * The workbook for the report's input, as data (`xlsxBytes` writes it); `now` stamps it.
 * @example writeFileSync('tables.xlsx', await xlsxBytes(buildWorkbook(input, { title, now })))
 */
export function buildWorkbook(input: ReportInput, o: { title: string; now: Date }): XlsxWorkbook {
  const synthetic = isSynthetic(input);
  const notes: XlsxSheet = {
    name: "Notes",
    widths: [24, 120],
    alignments: [undefined, { wrapText: true, vertical: "top" }],
    rows: [["Item", "Note"], ...notesRows(input, o.title, o.now)],
    rowStyles: new Map([[1, { bold: true }]]),
    freeze: { columns: 0, rows: 1 },
  };
  return {
    creator: "Ration Watch",
    title: o.title,
    created: o.now,
    sheets: [
      ...sheetDefinitions(input).map((def) => tableSheet(def, synthetic)),
      withBanner(notes, synthetic),
    ],
  };
}

/** Writes tables.xlsx to `path`. */
export async function writeWorkbook(
  input: ReportInput,
  path: string,
  o: { title: string; now: Date },
): Promise<void> {
  await writeFile(path, await xlsxBytes(buildWorkbook(input, o)));
}
