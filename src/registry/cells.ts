/** Turning spreadsheet cells into typed values and back, collecting problems instead of throwing. */

/** One raw row of a tabular file: its 1-based line (header = 1) and cells keyed by column. */
export interface SheetRow {
  line: number;
  cells: Record<string, string>;
}

/** A problem with one cell. */
export interface CellProblem {
  line: number;
  column: string;
  problem: string;
}

/** Reads cells of one row, noting problems; returns null for an empty cell. */
export class CellReader {
  readonly problems: CellProblem[] = [];
  private readonly row: SheetRow;
  constructor(row: SheetRow) {
    this.row = row;
  }

  text(column: string): string | null {
    const v = (this.row.cells[column] ?? "").trim();
    return v === "" ? null : v;
  }

  number(column: string): number | null {
    const v = this.text(column);
    if (v === null) return null;
    const n = Number(v.replaceAll(",", ""));
    if (!Number.isFinite(n)) return this.fail(column, `expected a number, got "${v}"`);
    return n;
  }

  boolean(column: string): boolean | null {
    const v = this.text(column)?.toLowerCase() ?? null;
    if (v === null) return null;
    if (["yes", "true", "y", "1"].includes(v)) return true;
    if (["no", "false", "n", "0"].includes(v)) return false;
    return this.fail(column, `expected yes or no, got "${v}"`);
  }

  /** A list separated by semicolons (`T20; T21`). */
  list(column: string): string[] {
    const v = this.text(column);
    return v === null
      ? []
      : v
          .split(";")
          .map((s) => s.trim())
          .filter((s) => s !== "");
  }

  /** A JSON value in a cell (used for the few nested fields). */
  json(column: string): unknown {
    const v = this.text(column);
    if (v === null) return null;
    try {
      return JSON.parse(v);
    } catch {
      return this.fail(column, "expected JSON");
    }
  }

  private fail(column: string, problem: string): null {
    this.problems.push({ line: this.row.line, column, problem });
    return null;
  }
}

/** Cell text for export: null → empty; lists joined with "; "; objects as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
