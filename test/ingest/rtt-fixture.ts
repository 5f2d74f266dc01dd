// Builds tiny RTT extracts from the real header of each era (`headerColumns`), for ingest tests.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import yazl from "yazl";

import {
  headerColumns,
  PARTS,
  TOP_BAND_START,
  type Era,
  type Part,
} from "../../src/ingest/layout.ts";

export interface FixtureRow {
  provider?: string;
  providerName?: string;
  commissioner?: string;
  commissionerName?: string;
  part: Part;
  tf: string;
  /** Week band index → patients; other bands are written as 0 (blank for Part_3 or with `blank`). */
  bands?: Record<number, number>;
  /** Write unlisted bands as blank cells instead of 0. */
  blank?: boolean;
  /** Override computed totals (null → blank cell). */
  total?: number | null;
  unknown?: number | null;
  totalAll?: number | null;
  /** Raw cell text by column name, written as is (after quoting if needed). */
  cells?: Record<string, string>;
}

export interface FixtureOptions {
  era?: Era;
  /** `Period` value (or `Period Name` in the pre-2017 layout). */
  period?: string;
  /** `Year` of the pre-2017 layout. */
  year?: string;
  rows: FixtureRow[];
  eol?: "\n" | "\r\n";
  bom?: boolean;
  /** Lines before the header (the pre-2017 layout has two). */
  preamble?: string[];
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

const bandSum = (r: FixtureRow) => Object.values(r.bands ?? {}).reduce((a, b) => a + b, 0);

/** The computed Total / unknown / Total All of a row, as the real files have them. */
export function rowTotals(r: FixtureRow): {
  total: number | null;
  unknown: number | null;
  totalAll: number | null;
} {
  const sum = bandSum(r);
  const completed = r.part === "Part_1A" || r.part === "Part_1B";
  const total = r.total !== undefined ? r.total : completed ? sum : null;
  const unknown = r.unknown !== undefined ? r.unknown : completed ? 0 : null;
  const totalAll =
    r.totalAll !== undefined ? r.totalAll : completed ? (total ?? 0) + (unknown ?? 0) : sum;
  return { total, unknown, totalAll };
}

/** Adds the C_999 row of each (provider, commissioner, part) group, equal to the sum of its rows. */
export function withC999(rows: FixtureRow[]): FixtureRow[] {
  const groups = new Map<string, FixtureRow[]>();
  for (const r of rows) {
    const key = `${r.provider ?? "RBD"}|${r.commissioner ?? "15F"}|${r.part}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: FixtureRow[] = [];
  for (const group of groups.values()) {
    out.push(...group);
    const first = group[0] as FixtureRow;
    const bands: Record<number, number> = {};
    for (const r of group)
      for (const [i, v] of Object.entries(r.bands ?? {}))
        bands[Number(i)] = (bands[Number(i)] ?? 0) + v;
    const sum = (f: (t: ReturnType<typeof rowTotals>) => number | null) =>
      group.some((r) => f(rowTotals(r)) !== null)
        ? group.reduce((a, r) => a + (f(rowTotals(r)) ?? 0), 0)
        : null;
    out.push({
      provider: first.provider,
      commissioner: first.commissioner,
      part: first.part,
      tf: "C_999",
      bands,
      blank: first.part === "Part_3",
      total: sum((t) => t.total),
      unknown: sum((t) => t.unknown),
      totalAll: sum((t) => t.totalAll),
    });
  }
  return out;
}

/** A CSV extract of the given era holding `rows`. */
export function fixtureCsv(o: FixtureOptions): string {
  const era = o.era ?? "2021-04";
  const columns = headerColumns(era);
  const bandCount = TOP_BAND_START[era] + 1;
  const lines = [...(o.preamble ?? []), columns.map(quote).join(",")];
  for (const r of o.rows) {
    const t = rowTotals(r);
    const blank = r.blank ?? r.part === "Part_3";
    const bands = Array.from({ length: bandCount }, (_, i) => {
      const v = r.bands?.[i];
      return v !== undefined ? String(v) : blank ? "" : "0";
    });
    const provider = r.provider ?? "RBD";
    const values: Record<string, string> = {
      Period: o.period ?? "RTT-November-2024",
      "Period Name": o.period ?? "RTT-November-2024",
      Year: o.year ?? "",
      "Provider Parent Org Code": "QVV",
      "Provider Parent Name": "NHS DORSET INTEGRATED CARE BOARD",
      "Provider Org Code": provider,
      "Provider Org Name": r.providerName ?? `HOSPITAL ${provider}`,
      "Commissioner Parent Org Code": "QWO",
      "Commissioner Parent Name": "NHS WEST YORKSHIRE INTEGRATED CARE BOARD",
      "Commissioner Org Code": r.commissioner ?? "15F",
      "Commissioner Org Name": r.commissionerName ?? "NHS LEEDS (SUB ICB LOCATION)",
      "RTT Part Type": r.part,
      "RTT Part Name": r.part,
      "RTT Part Description": PARTS[r.part],
      "Treatment Function Code": r.tf,
      "Treatment Function Name": r.tf === "C_999" ? "Total" : `Service ${r.tf}`,
      Total: t.total === null ? "" : String(t.total),
      "Patients with unknown clock start date": t.unknown === null ? "" : String(t.unknown),
      "Total All": t.totalAll === null ? "" : String(t.totalAll),
      ...r.cells,
    };
    let band = 0;
    const cells = columns.map((c) => {
      if (!c.startsWith("Gt ")) return values[c] ?? "";
      const v = bands[band++] ?? "";
      return r.cells?.[c] ?? v;
    });
    lines.push(cells.map(quote).join(","));
  }
  const eol = o.eol ?? "\n";
  return `${o.bom ? "\uFEFF" : ""}${lines.join(eol)}${eol}`;
}

/** A few consistent rows (with their C_999 rows) for one provider and commissioner; bands ≤ 52. */
export function sampleRows(scale = 1): FixtureRow[] {
  return withC999([
    { part: "Part_1A", tf: "C_100", bands: { 0: 2 * scale, 5: 1 }, unknown: 1 },
    { part: "Part_1A", tf: "C_110", bands: { 20: 3 * scale } },
    { part: "Part_1B", tf: "C_100", bands: { 1: 4 * scale, 40: 2 } },
    { part: "Part_2", tf: "C_100", bands: { 0: 5 * scale, 51: 1, 52: 2 } },
    { part: "Part_2", tf: "C_110", bands: { 17: 6 * scale } },
    { part: "Part_2A", tf: "C_100", bands: { 3: 2 * scale } },
    { part: "Part_3", tf: "C_100", totalAll: 7 * scale },
    { part: "Part_3", tf: "C_110", totalAll: 3 },
  ]);
}

/** A fresh temporary folder. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), "rationwatch-ingest-test-"));

/** Writes `text` to `dir/name` (making folders) and returns the path. */
export function writeFixture(dir: string, name: string, text: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Writes a zip holding the given entries and returns its path. */
export async function writeZip(
  dir: string,
  name: string,
  entries: { name: string; text: string; compress?: boolean }[],
): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const e of entries)
    zip.addBuffer(Buffer.from(e.text), e.name, { compress: e.compress ?? true });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return writeFixture(dir, name, Buffer.concat(chunks));
}
