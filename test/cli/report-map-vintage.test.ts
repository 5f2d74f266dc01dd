// The report's map draws the geography in force at the end of its window, and hatches areas whose
// providers did not all submit. A generated store: 12 sub-ICB locations in March and April 2026
// (codes the same in both vintages); provider RYY, a fifth of Wakefield's (03R) usual activity,
// submits in March but not in April, so 03R is incomplete in April.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { runCli } from "../helpers/cli.ts";
import { rowsWithRyyIn } from "../helpers/incomplete-area.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

const ROWS = rowsWithRyyIn(["2026-03", "2026-04"], ["2026-03"]);

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-report-map-"));
  db = join(dir, "store.duckdb");
  (await buildRttStore(ROWS, { path: db })).close();
});

async function reportMap(month: string): Promise<{ svg: string; source: string }> {
  const out = join(dir, month);
  const r = await runCli([
    "report",
    "--from",
    month,
    "--to",
    month,
    "--no-pdf",
    "--out",
    out,
    "--db",
    db,
    "--quiet",
  ]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const figures = JSON.parse(readFileSync(join(out, "figures.json"), "utf8")) as {
    input: { boundaries: { areas: number; icbs: number; attribution: string } };
  };
  expect(figures.input.boundaries.areas).toBe(106);
  return {
    svg: readFileSync(join(out, "charts", "map.svg"), "utf8"),
    source: figures.input.boundaries.attribution,
  };
}

describe("the report map's geography and missing submissions", () => {
  it("April 2026: the April 2026 sub-ICB shapes (U2G6B, not Frimley) in 36 ICBs, Wakefield hatched as incomplete", async () => {
    const { svg, source } = await reportMap("2026-04");
    expect(svg).toContain("NHS Thames Valley ICB - U2G6B: no data");
    expect(svg).not.toContain("D4U1Y");
    expect(svg).toContain("Grey lines: ICB boundaries");
    expect(source).toContain(
      "92A, D9Y0V and U2G6B are April 2023 shapes clipped to their April 2026 ICB",
    );
    expect(svg).toContain('<pattern id="rw-incomplete-map"');
    expect(svg).toContain(
      "Incomplete: a provider did not submit in full (not coloured by its rate)",
    );
    // Wakefield's shape carries the hatch and its reason, not a colour of the rate scale.
    const wakefield =
      /<path fill="([^"]*)"[^>]*>\s*<title>Wakefield \(03R\): ([^<]*)<\/title>/.exec(svg);
    expect(wakefield?.[1]).toBe("url(#rw-incomplete-map)");
    expect(wakefield?.[2]).toMatch(
      /^incomplete: 20\.0% of its activity normally comes from providers that submitted no data for 2026-04/,
    );
    expect(svg).toMatch(
      /1 incomplete \(a provider did not submit in full\) hatched grey: Wakefield \(03R\)/,
    );
    // A complete area keeps its colour.
    expect(svg).toMatch(/<path fill="#[0-9a-f]{6}"[^>]*>\s*<title>Northumberland \(00L\): /);
  }, 120_000);

  it("March 2026: the April 2023 shapes (Frimley D4U1Y, no U2G6B), nothing hatched", async () => {
    const { svg, source } = await reportMap("2026-03");
    expect(svg).toContain("D4U1Y");
    expect(svg).not.toContain("U2G6B");
    expect(source).toContain("ONS sub-ICB locations April 2023 (BSC)");
    expect(svg).not.toContain("rw-incomplete");
  }, 120_000);
});
