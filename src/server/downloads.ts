/**
 * A page figure as a download: SVG and PNG of its chart, CSV and XLSX of its tidy table. Every file
 * carries its source, licence, data vintage and, for demo data, the synthetic label: the SVG and PNG
 * in the chart's own source line, the CSV as columns on every row (source, licence, vintage) and, for
 * demo data, the one synthetic-data line every Ration Watch CSV starts with (`labelCsv`), the XLSX
 * on an "About" sheet.
 */

import { formatCsv, labelCsv } from "../csv.ts";
import { UsageError } from "../errors.ts";
import { SYNTHETIC_LABEL } from "../report/charts/theme.ts";
import { defaultFontFiles, svgToPng } from "../report/png.ts";
import { OGL } from "../report/words.ts";
import { xlsxBytes } from "../report/xlsx-writer.ts";
import type { PageExport, SiteMeta } from "../web/types.ts";

export const DOWNLOAD_TYPES = {
  svg: "image/svg+xml; charset=utf-8",
  png: "image/png",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

export type DownloadKind = keyof typeof DOWNLOAD_TYPES;

export const SOURCE_LINE =
  "NHS England, Consultant-led Referral to Treatment Waiting Times (full CSV data); Office for National Statistics, population estimates";

/** The provenance every download carries (the synthetic label in its own entry, not in the source). */
export function provenance(meta: SiteMeta, e: PageExport): Array<[string, string]> {
  const chartSource = e.chart?.source.replace(`${SYNTHETIC_LABEL} `, "");
  return [
    ["source", chartSource ?? SOURCE_LINE],
    [
      "licence",
      `${OGL} https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/`,
    ],
    [
      "vintage",
      `data to ${meta.latestMonth}; data version ${meta.dataVersion}; built ${meta.builtAt}`,
    ],
    [
      "synthetic",
      meta.synthetic ? "yes: synthetic demonstration data, not real NHS figures" : "no",
    ],
  ];
}

export async function renderDownload(
  e: PageExport,
  kind: DownloadKind,
  meta: SiteMeta,
): Promise<Buffer | string> {
  if ((kind === "svg" || kind === "png") && !e.chart) {
    throw new UsageError(`${e.name} is a table: download it as CSV or XLSX`);
  }
  if (kind === "svg") return `${e.chart?.svg ?? ""}\n`;
  if (kind === "png") return svgToPng(e.chart?.svg ?? "", { fontFiles: defaultFontFiles() });
  const about = provenance(meta, e);
  if (kind === "csv") {
    // The synthetic flag is the leading line, as on every CLI and API CSV, not a column.
    const columns = about.filter(([k]) => k !== "synthetic");
    return labelCsv(
      formatCsv(
        [...e.table.header, ...columns.map(([k]) => k)],
        e.table.rows.map((r) => [...r, ...columns.map(([, v]) => v)]),
      ),
      meta.synthetic,
    );
  }
  return xlsxBytes({
    creator: "Ration Watch",
    title: e.title,
    created: new Date(meta.builtAt),
    sheets: [
      {
        name: "Data",
        widths: [],
        rows: [e.table.header, ...e.table.rows],
        rowStyles: new Map([[1, { bold: true }]]),
      },
      {
        name: "About",
        widths: [],
        alignments: [{ bold: true }],
        rows: [["title", e.title], ...about],
      },
    ],
  });
}
