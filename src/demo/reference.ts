/**
 * The shipped reference tables the demo generator builds on: the 106 April-2021 CCGs with their
 * STP/ICS, region and mid-2020 population (`data/reference/ccg21.csv`) and their July-2022 ICBs
 * (`data/reference/sub-icb22.csv`).
 */
import { readFileSync } from "node:fs";

/** `data/reference/`, found relative to this module (works from both src/ and dist/). */
export const REFERENCE_DIR = new URL("../../data/reference/", import.meta.url);

export interface DemoCommissioner {
  code: string;
  name: string;
  stpCode: string;
  stpName: string;
  region: string;
  population: number;
  icbCode: string;
  icbName: string;
}

/** Splits one CSV line, honouring double-quoted fields (the reference files quote names with commas). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(field);
      field = "";
    } else field += ch;
  }
  out.push(field);
  return out;
}

function readTable(file: string): Record<string, string>[] {
  const text = readFileSync(new URL(file, REFERENCE_DIR), "utf8");
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = splitCsvLine(lines[0] ?? "");
  return lines.slice(1).map((line) => {
    const cells = splitCsvLine(line);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""]));
  });
}

let cached: DemoCommissioner[] | undefined;

/** The 106 April-2021 CCGs joined to their July-2022 ICBs, sorted by code. */
export function loadDemoCommissioners(): DemoCommissioner[] {
  if (cached) return cached;
  const icbs = new Map(readTable("sub-icb22.csv").map((r) => [r["code"] ?? "", r]));
  cached = readTable("ccg21.csv")
    .map((r) => {
      const code = r["code"] ?? "";
      const icb = icbs.get(code);
      return {
        code,
        name: r["name"] ?? "",
        stpCode: r["stp_code"] ?? "",
        stpName: r["stp_name"] ?? "",
        region: r["region_name"] ?? "",
        population: Number(r["population"]),
        icbCode: icb?.["icb_code"] ?? r["stp_code"] ?? "",
        icbName: icb?.["icb_name"] ?? r["stp_name"] ?? "",
      };
    })
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return cached;
}
