/**
 * The one small RFC 4180 CSV reader and writer in JS: reference files (a few hundred rows), header
 * lines, fixtures. Big inputs — RTT extracts, GP registration files — are parsed by DuckDB instead.
 */

/** Splits CSV text into rows of fields: quoted fields, doubled quotes, CRLF or LF, a leading BOM. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Splits one CSV line into its fields (an empty line is one empty field). */
export function splitCsvLine(line: string): string[] {
  return parseCsv(line)[0] ?? [""];
}

/** Parses CSV text with a header row into objects keyed by the header names. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows
    .filter((r) => r.length > 1 || (r[0] ?? "") !== "")
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

function csvField(value: string | number | null): string {
  if (value === null) return "";
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Writes rows as CSV with LF line endings and a final newline (the style of data/reference). */
export function formatCsv(header: string[], rows: Array<Array<string | number | null>>): string {
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}

/**
 * The first line of every CSV Ration Watch builds from synthetic demonstration data, on every surface
 * (CLI `--format csv`, web downloads, the API): a `#` comment that a spreadsheet shows in cell A1 and
 * that pandas (`comment="#"`) and R (`comment.char="#"`) skip. CSVs from real data have no such
 * line, so their header stays the first line, and the rest of the file is the same either way.
 */
export const SYNTHETIC_CSV_LINE =
  "# SYNTHETIC DEMONSTRATION DATA: not real NHS England figures, do not quote";

/**
 * `csv` with the synthetic-data line on top when it was built from demo data, ended as the CSV's header
 * line is (CRLF or LF); `detail` is added to the line (say what in the file is and is not synthetic).
 */
export function labelCsv(csv: string, synthetic: boolean, detail?: string): string {
  if (!synthetic) return csv;
  const firstEnd = csv.indexOf("\n");
  const eol = firstEnd > 0 && csv[firstEnd - 1] !== "\r" ? "\n" : "\r\n";
  return `${SYNTHETIC_CSV_LINE}${detail ? ` (${detail})` : ""}${eol}${csv}`;
}
