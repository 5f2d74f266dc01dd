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
 * The narrowest a text column is wrapped to so as to keep an optional column beside it (the
 * longest area name, 48 characters, then takes four lines). Only when nothing optional is left is
 * it wrapped further (to 12 characters).
 */
const KEEP_WRAP_WIDTH = 16;

const alignsRight = <T>(c: Column<T>, rows: T[]): boolean => {
  if (c.align) return c.align === "right";
  const first = rows.map((r) => c.value(r)).find((v) => v !== null && v !== undefined);
  return typeof first === "number";
};

/**
 * Which droppable columns to leave out so that a table whose columns are `widths` wide (text ones
 * counted at the width they may be wrapped to) fits `limit`: as few as possible and, among the
 * sets of that size that fit, the least important (highest `drop` first). Every set is tried (a
 * table has a dozen optional columns at most); beyond 16 the highest `drop` go first, one by one.
 */
export function columnsToLeaveOut<T>(
  columns: Column<T>[],
  widths: number[],
  limit: number,
): number[] {
  const total = tableWidth(widths);
  if (total <= limit) return [];
  // Most droppable first: bit k of a mask stands for order[k], so of two sets of the same size the
  // smaller mask leaves out the less important columns.
  const order = columns
    .map((c, i) => ({ drop: c.drop, i }))
    .filter((c): c is { drop: number; i: number } => c.drop !== undefined)
    .sort((a, b) => b.drop - a.drop || (widths[b.i] ?? 0) - (widths[a.i] ?? 0))
    .map((c) => c.i);
  const saved = order.map((i) => (widths[i] ?? 0) + GAP);
  if (order.length > 16) {
    const out: number[] = [];
    let width = total;
    for (const [k, i] of order.entries()) {
      if (width <= limit) break;
      out.push(i);
      width -= saved[k] ?? 0;
    }
    return out;
  }
  let best = -1;
  let bestCount = Infinity;
  for (let mask = 1; mask < 2 ** order.length; mask++) {
    let count = 0;
    let width = total;
    for (let k = 0; k < order.length; k++) {
      if (mask & (1 << k)) {
        count++;
        width -= saved[k] ?? 0;
      }
    }
    if (width <= limit && count < bestCount) {
      best = mask;
      bestCount = count;
    }
  }
  if (best < 0) return order; // even without every optional column it is too wide: wrap the rest
  return order.filter((_, k) => best & (1 << k));
}

/**
 * An aligned text table with a header rule. Given a `width` (the terminal's columns), a table too
 * wide leaves out as few of its droppable columns as it can, counting its text columns as
 * wrappable down to 16 characters (`columnsToLeaveOut`): those left out are named in a note under
 * it, and the text columns wrap, widest first, so that no line is longer than `width`.
 */
export function renderTable<T>(columns: Column<T>[], rows: T[], width?: number): string {
  const allCells = rows.map((row) => columns.map((c) => cellText(c, row)));
  const natural = columns.map((c, i) =>
    Math.max(c.header.length, ...allCells.map((r) => (r[i] ?? "").length)),
  );
  const rightAll = columns.map((c) => alignsRight(c, rows));
  const narrowest = (i: number) =>
    rightAll[i]
      ? (natural[i] ?? 0)
      : Math.min(natural[i] ?? 0, Math.max(KEEP_WRAP_WIDTH, columns[i]?.header.length ?? 0));
  const limit = width ?? Infinity;
  const keep = new Set(columns.map((_, i) => i));
  for (const i of columnsToLeaveOut(
    columns,
    natural.map((_, i) => narrowest(i)),
    limit,
  )) {
    keep.delete(i);
  }
  const shown = [...keep].sort((a, b) => a - b);
  const cols = shown.map((i) => columns[i] as Column<T>);
  const cells = allCells.map((r) => shown.map((i) => r[i] ?? ""));
  const widths = shown.map((i) => natural[i] ?? 0);
  const dropped = columns
    .map((c, i) => ({ c, i }))
    .filter(({ i }) => !keep.has(i))
    .sort((a, b) => (b.c.drop ?? 0) - (a.c.drop ?? 0))
    .map(({ c }) => c.header);
  const right = shown.map((i) => rightAll[i] ?? false);
  // Still too wide: wrap the left-aligned (text) columns, a character at a time from the widest
  // (so two text columns end up evenly narrowed), each down to 12 characters at most.
  const wrapped = new Set<number>();
  while (tableWidth(widths) > limit) {
    let widest = -1;
    widths.forEach((w, i) => {
      const floor = Math.max(12, cols[i]?.header.length ?? 0);
      if (!right[i] && w > floor && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
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
