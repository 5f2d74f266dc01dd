// Parses generated demo months for the tests (a small quote-aware split) and sums what they hold.
import { expect } from "vitest";
import yauzl from "yauzl";

import { demoMonthChunks } from "../../src/demo/month.ts";
import { parseBandColumn } from "../../src/ingest/layout.ts";

export interface DemoCsv {
  lines: number;
  preamble: string[];
  header: string[];
  rows: string[][];
}

export function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      out.push(field);
      field = "";
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** Parses a demo CSV text; `headerAt` is the index of the header line (2 for the old layout). */
export function parseDemoCsv(text: string): DemoCsv {
  const lines = text.split("\n");
  expect(lines.pop()).toBe("");
  const headerAt = lines.findIndex((l) => l.startsWith("Period,") || l.startsWith("Year,"));
  return {
    lines: lines.length,
    preamble: lines.slice(0, headerAt),
    header: splitLine(lines[headerAt] ?? ""),
    rows: lines.slice(headerAt + 1).map(splitLine),
  };
}

const cache = new Map<string, DemoCsv>();

/** A generated month, parsed (cached per month, seed and size within a test file). */
export function demoMonth(month: string, seed = 1, fullSize = false): DemoCsv {
  const key = `${month}/${seed}/${fullSize}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parsed = parseDemoCsv([...demoMonthChunks({ month, seed, fullSize })].join(""));
  cache.set(key, parsed);
  return parsed;
}

/** Column positions of a parsed file. */
export function columnsOf(csv: DemoCsv) {
  const at = (name: string) => csv.header.indexOf(name);
  const bands = csv.header.flatMap((h, i) => (parseBandColumn(h) ? [i] : []));
  const shift = csv.header[0] === "Year" ? 1 : 0;
  return {
    provider: 3 + shift,
    commissionerParent: 5 + shift,
    commissionerParentName: 6 + shift,
    commissioner: 7 + shift,
    commissionerName: 8 + shift,
    part: 9 + shift,
    tf: 11 + shift,
    bands,
    total: at("Total"),
    unknown: at("Patients with unknown clock start date"),
    totalAll: at("Total All"),
  };
}

/** National figures of a month from its C_999 rows (DESIGN §2 definitions). */
export function national(csv: DemoCsv) {
  const c = columnsOf(csv);
  const totals: Record<string, number> = {};
  const list = new Array<number>(c.bands.length).fill(0);
  for (const r of csv.rows) {
    if (r[c.tf] !== "C_999") continue;
    const part = r[c.part] as string;
    totals[part] = (totals[part] ?? 0) + Number(r[c.totalAll]);
    if (part === "Part_2") c.bands.forEach((b, i) => (list[i] = (list[i] ?? 0) + Number(r[b])));
  }
  const waiting = totals["Part_2"] ?? 0;
  const from = (week: number) => list.slice(week).reduce((a, b) => a + b, 0);
  return {
    totals,
    waiting,
    pctWithin18: (100 * (waiting - from(18))) / waiting,
    over52: from(52),
    over78: from(78),
    over104: from(104),
    median: percentileWeeks(list, 0.5),
  };
}

/** Weeks at which a share of patients is reached, interpolating linearly within the band. */
export function percentileWeeks(bands: number[], p: number): number {
  const total = bands.reduce((a, b) => a + b, 0);
  let cum = 0;
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i] as number;
    if (cum + b >= p * total) return i + (p * total - cum) / b;
    cum += b;
  }
  return bands.length;
}

/** Sum of `Total All` of one part per commissioner (C_999 rows, every provider). */
export function perCommissioner(csv: DemoCsv, part: string): Map<string, number> {
  const c = columnsOf(csv);
  const out = new Map<string, number>();
  for (const r of csv.rows)
    if (r[c.tf] === "C_999" && r[c.part] === part) {
      const code = r[c.commissioner] as string;
      out.set(code, (out.get(code) ?? 0) + Number(r[c.totalAll]));
    }
  return out;
}

/** The entries of a zip: name, DOS modification time, and text. */
export function readZip(file: string): Promise<{ name: string; mtime: Date; text: string }[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out: { name: string; mtime: Date; text: string }[] = [];
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            out.push({
              name: entry.fileName,
              mtime: entry.getLastModDate(),
              text: Buffer.concat(chunks).toString("utf8"),
            });
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(out));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}
