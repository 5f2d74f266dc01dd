/** What every API response shares: the source, licence and vintage block, and parameter checks. */
import { UsageError } from "../errors.ts";
import type { SiteMeta } from "../web/types.ts";

import { SOURCE_LINE } from "./downloads.ts";

export const LICENCE = {
  name: "Open Government Licence v3.0",
  url: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
  attribution:
    "Contains public sector information licensed under the Open Government Licence v3.0.",
};

/** What every API response says about its data: source, licence, vintage, synthetic. */
export function about(meta: SiteMeta) {
  return {
    source: SOURCE_LINE,
    licence: LICENCE,
    latestMonth: meta.latestMonth,
    dataVersion: meta.dataVersion,
    builtAt: meta.builtAt,
    synthetic: meta.synthetic,
    ...(meta.synthetic ? { notice: "Synthetic demonstration data, not real NHS figures." } : {}),
  };
}

/** Query parameters each route accepts; anything else is a 400. */
export function allowOnly(query: URLSearchParams, allowed: string[]): void {
  for (const key of query.keys()) {
    if (!allowed.includes(key)) {
      throw new UsageError(
        `unknown parameter "${key.slice(0, 40)}"${allowed.length ? ` (this route takes ${allowed.join(", ")})` : " (this route takes none)"}`,
      );
    }
  }
}
