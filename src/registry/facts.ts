/** Published aggregate findings about rationing, shipped as cited facts (data/registry/facts.json). */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { registryDataDir } from "./geography.ts";

export interface PublishedFinding {
  id: string;
  statement: string;
  numerator: number | null;
  denominator: number | null;
  percent?: number | null;
  organisations: string;
  intervention: string | null;
  year: number | null;
  /** The publication, with its date (and where it was reported). */
  source: string;
  /** Where to read it. */
  url?: string;
}

/** Every shipped finding, in file order. */
export function publishedFindings(): PublishedFinding[] {
  return JSON.parse(
    readFileSync(join(registryDataDir(), "facts.json"), "utf8"),
  ) as PublishedFinding[];
}
