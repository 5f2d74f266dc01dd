/** Plain-text table, CSV and JSON renderers shared by every command's `--format`. */

export type Format = "table" | "csv" | "json";
export const FORMATS: readonly Format[] = ["table", "csv", "json"];

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  /** Right-align (numbers). Defaults to true when the first non-null value is a number. */
  align?: "left" | "right";
  /** How a number is shown in the table (CSV always gets the raw value). */
  format?: (value: number) => string;
}

const cellText = <T>(col: Column<T>, row: T): string => {
  const v = col.value(row);
  if (v === null || v === undefined) return "–";
  if (typeof v === "number") return col.format ? col.format(v) : formatNumber(v);
  return v;
};

/** Thousands separators for integers; up to 2 decimals otherwise. */
export function formatNumber(v: number, decimals?: number): string {
  if (!Number.isFinite(v)) return String(v);
  const d = decimals ?? (Number.isInteger(v) ? 0 : 2);
  return v.toLocaleString("en-GB", { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** An aligned text table with a header rule. */
export function renderTable<T>(columns: Column<T>[], rows: T[]): string {
  const cells = rows.map((row) => columns.map((c) => cellText(c, row)));
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...cells.map((r) => (r[i] ?? "").length)),
  );
  const right = columns.map((c) => {
    if (c.align) return c.align === "right";
    const first = rows.map((r) => c.value(r)).find((v) => v !== null && v !== undefined);
    return typeof first === "number";
  });
  const line = (parts: string[]) =>
    parts
      .map((p, i) => (right[i] ? p.padStart(widths[i] ?? 0) : p.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), line(widths.map((w) => "-".repeat(w)))];
  for (const r of cells) out.push(line(r));
  return `${out.join("\n")}\n`;
}

function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** RFC 4180 CSV with a header row; numbers unrounded, nulls empty. */
export function renderCsv<T>(columns: Column<T>[], rows: T[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * The first line of every CLI CSV built from synthetic demonstration data: a `#` comment that a
 * spreadsheet shows in cell A1 and that pandas (`comment="#"`) and R (`comment.char="#"`) skip.
 * CSVs from real data have no such line, so their header stays the first line.
 */
export const SYNTHETIC_CSV_LINE =
  "# SYNTHETIC DEMONSTRATION DATA: not real NHS England figures, do not quote";

/**
 * `csv` with the synthetic-data line on top when it was built from demo data; `detail` is added to
 * the line (say what in the file is and is not synthetic).
 */
export function labelCsv(csv: string, synthetic: boolean, detail?: string): string {
  if (!synthetic) return csv;
  return `${SYNTHETIC_CSV_LINE}${detail ? ` (${detail})` : ""}\r\n${csv}`;
}

/** The three views of a result; each is built only when asked for. */
export interface Views {
  json: () => unknown;
  csv: () => string;
  table: () => string;
}

/** Renders a result in the requested `--format`. */
export function renderFormat(format: Format, views: Views): string {
  if (format === "json") return renderJson(views.json());
  return format === "csv" ? views.csv() : views.table();
}

/** Pretty JSON with a trailing newline. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
