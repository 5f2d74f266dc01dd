// The real April 2026 extract through the commands a user types (where ../shared exists): ingest
// with the clock at November 2026, then variation. The headlines must describe rationing, not the
// two trusts that submitted nothing that month (Sheffield Teaching Hospitals, RHQ; Torbay and South
// Devon, RA9): only the missing-submissions line may name their areas (03N Sheffield, 15N Devon).
import { join } from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { createApp } from "../../src/server/app.ts";
import { SiteData } from "../../src/server/data.ts";
import { withStore } from "../../src/store/db.ts";
import { runCli } from "../helpers/cli.ts";
import { rawDir, rawSourcesPresent } from "../helpers/raw-sources.ts";
import { tempDir } from "../ingest/rtt-fixture.ts";

const ZIP = "nhs-england-rtt-2026-04/20260430-RTT-April-2026-full-extract.csv.zip";
const have = rawSourcesPresent("real April 2026 extract through the CLI", ZIP);
const NOW = new Date("2026-11-30T12:00:00Z");

interface VariationJson {
  england: { count: number; population: number; rate: number };
  areas: { code: string; rank?: number | null }[];
  headlines: string[];
}

describe.runIf(have)("the real April 2026 extract through the CLI", () => {
  let db: string;
  let ingest: { code: number; stdout: string; stderr: string };
  let v: VariationJson;
  beforeAll(async () => {
    db = join(tempDir(), "real.duckdb");
    ingest = await runCli(["ingest", join(rawDir, ZIP), "--db", db], { now: NOW });
    const r = await runCli(
      ["variation", "--db", db, "--from", "2026-04", "--to", "2026-04", "--format", "json"],
      { now: NOW },
    );
    expect(r.stderr).toBe("");
    v = JSON.parse(r.stdout) as VariationJson;
  }, 600_000);

  it("ingests every row with no warnings", () => {
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toContain("180,781 rows    0 warnings");
  });

  it("England's like-for-like rate leaves out the two incomplete areas", () => {
    expect(v.england.count).toBe(273_856);
    expect(v.england.population).toBe(55_314_847);
    expect(v.areas.filter((a) => typeof a.rank === "number")).toHaveLength(104);
    for (const code of ["03N", "15N"])
      expect(v.areas.find((a) => a.code === code)?.rank ?? null).toBeNull();
  });

  it("names the missing trusts first, and no other headline names their areas", () => {
    expect(v.headlines[0]).toMatch(/^Missing submissions: .*\(RA9, 2026-04\).*\(RHQ, 2026-04\)/);
    for (const line of v.headlines.slice(1)) expect(line).not.toMatch(/03N|15N|Sheffield/);
  });

  it("says which regional rates leave out the incomplete areas", () => {
    expect(v.headlines[0]).toMatch(
      /; the rates of North East and Yorkshire and South West are those of their other areas\. /,
    );
  });

  it("says plainly that partial submissions could not be checked from one month", () => {
    expect(v.headlines[0]).toMatch(
      / Partial submissions \(a provider sending under 50% of its usual count\) could not be checked for 2026-04: the store holds no month within 3 months of it, and one month alone cannot tell a partial submission from low activity\.$/,
    );
    expect(v.headlines.find((h) => h.includes("regional rate"))).toMatch(
      /^South West \(without 1 incomplete area\) had the highest regional rate \(6\.03 /,
    );
  });

  it("serves the site from this one month: home, areas (the incomplete region included), no trend", async () => {
    await withStore(
      db,
      async (store) => {
        const app = createApp({ data: new SiteData(store, { now: () => NOW }) });
        for (const path of ["/", "/area/04C/", "/area/03N/", "/area/Y63/", "/area/Y58/"]) {
          const res = await app.request(path);
          expect(res.status, path).toBe(200);
          const html = await res.text();
          if (path !== "/") expect(html, path).toContain("In April 2026, ");
        }
        const trend = (await (await app.request("/api/v1/trend/04C.json")).json()) as {
          rows: unknown[];
        };
        expect(trend.rows).toEqual([]);
      },
      { readOnly: true },
    );
  }, 300_000);
});
