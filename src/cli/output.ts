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
  /**
   * May be left out of a table too wide for the terminal: the highest number goes first. Columns
   * without it are always shown (a long text column wraps instead).
   */
  drop?: number;
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

/** Greedy word wrap of a cell to `width` characters; a longer word is cut. */
function wrapCell(text: string, atMost: number): string[] {
  const width = Math.max(atMost, 8);
  const lines: string[] = [];
  let line = "";
  for (let word of text.split(" ")) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = "";
    }
    const next = line ? `${line} ${word}` : word;
    if (next.length > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

const GAP = 2;
const tableWidth = (widths: number[]) =>
  widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);

/**
 * An aligned text table with a header rule. Given a `width` (the terminal's columns), a table too
 * wide leaves out its droppable columns (highest `drop` first, named in a note under it) and then
 * wraps its widest text column, so no line is longer than `width`.
 */
export function renderTable<T>(columns: Column<T>[], rows: T[], width?: number): string {
  const measure = (cols: Column<T>[]) => {
    const cells = rows.map((row) => cols.map((c) => cellText(c, row)));
    const widths = cols.map((c, i) =>
      Math.max(c.header.length, ...cells.map((r) => (r[i] ?? "").length)),
    );
    return { cells, widths };
  };
  let cols = columns;
  let { cells, widths } = measure(cols);
  const dropped: string[] = [];
  const limit = width ?? Infinity;
  while (tableWidth(widths) > limit) {
    const candidates = cols.filter((c) => c.drop !== undefined);
    if (candidates.length === 0) break;
    const next = candidates.reduce((a, b) => ((b.drop ?? 0) > (a.drop ?? 0) ? b : a));
    dropped.push(next.header);
    cols = cols.filter((c) => c !== next);
    ({ cells, widths } = measure(cols));
  }
  const right = cols.map((c) => {
    if (c.align) return c.align === "right";
    const first = rows.map((r) => c.value(r)).find((v) => v !== null && v !== undefined);
    return typeof first === "number";
  });
  // Still too wide: wrap the widest left-aligned (text) columns, each down to 12 characters.
  const wrapped = new Set<number>();
  for (;;) {
    const excess = tableWidth(widths) - limit;
    if (excess <= 0) break;
    let widest = -1;
    widths.forEach((w, i) => {
      const floor = Math.max(12, cols[i]?.header.length ?? 0);
      if (!right[i] && w > floor && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    const floor = Math.max(12, cols[widest]?.header.length ?? 0);
    widths[widest] = Math.max(floor, (widths[widest] ?? 0) - excess);
    wrapped.add(widest);
  }
  const line = (parts: string[]) =>
    parts
      .map((p, i) => (right[i] ? p.padStart(widths[i] ?? 0) : p.padEnd(widths[i] ?? 0)))
      .join(" ".repeat(GAP))
      .trimEnd();
  const out = [line(cols.map((c) => c.header)), line(widths.map((w) => "-".repeat(w)))];
  for (const r of cells) {
    const split = r.map((c, i) => (wrapped.has(i) ? wrapCell(c, widths[i] ?? 0) : [c]));
    const height = Math.max(...split.map((p) => p.length));
    for (let k = 0; k < height; k++) out.push(line(split.map((p) => p[k] ?? "")));
  }
  if (dropped.length > 0) {
    out.push(
      ...wrapCell(
        `(Left out to fit ${limit} columns: ${dropped.join(", ")}. A wider terminal, or --format csv or json, shows every column.)`,
        limit,
      ),
    );
  }
  return `${out.join("\n")}\n`;
}

/** `cols` with `drop` set from `order`: the first header named is left out first when too wide. */
export function droppable<T>(cols: Column<T>[], order: readonly string[]): Column<T>[] {
  return cols.map((c) => {
    const i = order.indexOf(c.header);
    return i < 0 ? c : { ...c, drop: order.length - i };
  });
}

/** Wraps prose lines (headlines, notes) to `width` columns, keeping a bullet's hanging indent. */
export function wrapText(text: string, width?: number): string {
  if (width === undefined) return text;
  return text
    .split("\n")
    .map((l) => {
      if (l.length <= width) return l;
      const indent = /^(\s*(?:• )?)/.exec(l)?.[1] ?? "";
      const body = wrapCell(l.slice(indent.length), width - indent.length);
      return body.map((b, i) => (i === 0 ? indent : " ".repeat(indent.length)) + b).join("\n");
    })
    .join("\n");
}

/**
 * The width tables are fitted to: $COLUMNS when set, else the terminal's width when output goes to
 * one, else none (a file or pipe gets every column).
 */
export function outputWidth(io: {
  env: Record<string, string | undefined>;
  columns?: number;
}): number | undefined {
  const env = Number(io.env["COLUMNS"]);
  if (Number.isInteger(env) && env >= 40) return env;
  return io.columns !== undefined && io.columns >= 40 ? io.columns : undefined;
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

// The synthetic-data line is shared with the web downloads and the API: one convention, one helper.
export { labelCsv, SYNTHETIC_CSV_LINE } from "../csv.ts";

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
