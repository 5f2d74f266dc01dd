/**
 * tables.xlsx: one sheet per table with a frozen header row, number formats and filters, and a
 * Notes sheet (definitions, sources, OGL attribution, generation time, input checksums).
 * Values are written unrounded, exactly as the analyses returned them; formats only change display.
 */
import ExcelJS from "exceljs";

import { isSynthetic } from "./charts/index.ts";
import { formatPeriod } from "./format.ts";
import type { ReportInput } from "./types.ts";
import { OGL, OGL_URL, ONS_SOURCE, OS_ATTRIBUTION, RTT_SOURCE, RTT_URL } from "./words.ts";
import { sheetDefinitions, type SheetDef } from "./xlsx-sheets.ts";

/** The banner on top of every sheet of a workbook built from synthetic demonstration data. */
export const SYNTHETIC_BANNER =
  "SYNTHETIC DEMONSTRATION DATA: these are not real NHS statistics and must not be quoted.";

/**
 * Puts the synthetic-data banner in row 1 (bold, red, across the sheet's columns); the table's
 * header is then row 2.
 */
function addBanner(ws: ExcelJS.Worksheet, columns: number): void {
  ws.spliceRows(1, 0, [SYNTHETIC_BANNER]);
  if (columns > 1) ws.mergeCells(1, 1, 1, columns);
  const banner = ws.getRow(1);
  banner.font = { bold: true, color: { argb: "FFFFFFFF" } };
  banner.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD5281B" } };
  banner.height = 20;
}

function addSheet(wb: ExcelJS.Workbook, def: SheetDef, synthetic: boolean): void {
  const top = synthetic ? 2 : 1; // the header row
  const ws = wb.addWorksheet(def.name, {
    views: [{ state: "frozen", xSplit: def.freezeColumns ?? 0, ySplit: top }],
  });
  ws.columns = def.columns.map((c) => ({
    header: c.header,
    key: c.header,
    width: c.width ?? Math.max(10, c.header.length + 2),
  }));
  for (const row of def.rows) ws.addRow(def.columns.map((c) => c.value(row) ?? null));
  def.columns.forEach((c, i) => {
    if (c.numFmt) ws.getColumn(i + 1).numFmt = c.numFmt;
  });
  if (synthetic) addBanner(ws, def.columns.length);
  const header = ws.getRow(top);
  header.font = { bold: true, color: { argb: "FFFFFFFF" } };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FF005EB8" } };
  header.alignment = { vertical: "middle", wrapText: true };
  header.height = 30;
  if (def.rows.length > 0) {
    ws.autoFilter = { from: { row: top, column: 1 }, to: { row: top, column: def.columns.length } };
  }
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
 * Builds the workbook (not yet written) for the report's input; `now` stamps it.
 * @example await (await buildWorkbook(input, { title, now })).xlsx.writeFile('tables.xlsx')
 */
export function buildWorkbook(
  input: ReportInput,
  o: { title: string; now: Date },
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Ration Watch";
  wb.created = o.now;
  wb.modified = o.now;
  wb.title = o.title;
  const synthetic = isSynthetic(input);
  for (const def of sheetDefinitions(input)) addSheet(wb, def, synthetic);
  const top = synthetic ? 2 : 1;
  const notes = wb.addWorksheet("Notes", { views: [{ state: "frozen", ySplit: top }] });
  notes.columns = [
    { header: "Item", key: "item", width: 24 },
    { header: "Note", key: "note", width: 120 },
  ];
  for (const [item, note] of notesRows(input, o.title, o.now)) notes.addRow([item, note]);
  notes.getColumn(2).alignment = { wrapText: true, vertical: "top" };
  if (synthetic) addBanner(notes, 2);
  notes.getRow(top).font = { bold: true };
  return wb;
}

/** Writes tables.xlsx to `path`. */
export async function writeWorkbook(
  input: ReportInput,
  path: string,
  o: { title: string; now: Date },
): Promise<void> {
  await buildWorkbook(input, o).xlsx.writeFile(path);
}
