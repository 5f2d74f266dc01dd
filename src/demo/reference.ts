/**
 * The shipped reference tables the demo generator builds on: the 106 April-2021 CCGs with their
 * STP/ICS, region and mid-2020 population (`data/reference/ccg21.csv`) and their July-2022 ICBs
 * (`data/reference/sub-icb22.csv`).
 */
import { readFileSync } from "node:fs";

import { parseCsvRecords } from "../csv.ts";

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

function readTable(file: string): Record<string, string>[] {
  return parseCsvRecords(readFileSync(new URL(file, REFERENCE_DIR), "utf8"));
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
