// `release --measure-basis need-adjusted`: the headline, standfirst and notes lead with the
// need-adjusted ratio exactly as the analysis gives it (the hand-made store of
// test/analysis/variation-fixture.ts, whose ratios are recomputed in Python in variation.test.ts),
// through the real command; a bad value stops it with one line and nothing written.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { VariationResult } from "../../src/analysis/types.ts";
import { variation } from "../../src/analysis/variation.ts";
import { atPath, buildRelease, formatFigure, plainText } from "../../src/release/content.ts";
import { areaLabel, formatCount, formatRate } from "../../src/report/format.ts";
import type { ReportInput } from "../../src/report/types.ts";
import { VARIATION_ROWS } from "../analysis/variation-fixture.ts";
import { expectRefused, runCli } from "../helpers/cli.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";
import { loadFixture } from "../report/helpers.ts";

const WINDOW = { from: "2021-03", to: "2021-04" } as const;
const ARGS = ["--from", WINDOW.from, "--to", WINDOW.to];

let dir: string;
let db: string;
let need: VariationResult;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-release-need-"));
  db = join(dir, "store.duckdb");
  const store = await buildRttStore(VARIATION_ROWS, { path: db });
  need = await variation(store, { ...WINDOW, measureBasis: "need-adjusted" });
  store.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** release.md's lines. */
function lines(out: string): string[] {
  return readFileSync(join(out, "release.md"), "utf8").split("\n");
}

describe("rationwatch release --measure-basis", () => {
  it("need-adjusted: the headline and standfirst quote the ratios and counts the analysis gives", async () => {
    const out = join(dir, "need");
    const r = await runCli([
      "release",
      ...ARGS,
      "--measure-basis",
      "need-adjusted",
      "--out",
      out,
      "--db",
      db,
      "--quiet",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const ranked = need.areas
      .filter((a) => a.needAdjustedRank != null)
      .sort((a, b) => (a.needAdjustedRank as number) - (b.needAdjustedRank as number));
    // With φ in the hundreds and six areas, no ratio lies outside the widened limits, so the
    // headline says so instead of naming the extremes.
    expect(ranked.every((a) => a.needAdjustedComparedToEngland === "similar")).toBe(true);
    const text = lines(out).join("\n");
    expect(lines(out).find((l) => l.startsWith("# "))).toBe(
      "# Planned hospital treatment, adjusted for need, differs between areas of England, but no more than ordinary variation explains",
    );
    const higher = ranked.filter((a) => a.needAdjustedComparedToEngland === "higher").length;
    const lower = ranked.filter((a) => a.needAdjustedComparedToEngland === "lower").length;
    expect(text).toContain(
      `Of ${formatCount(ranked.length)} areas of England with a need-weighted population, ${formatCount(higher)} had more patients treated than the expected range around England's rate for their need, and ${formatCount(lower)} fewer`,
    );
    // The key findings are the analysis's headlines, need-adjusted first, and the notes cite the
    // need-weighted populations' vintage.
    expect(text).toContain(need.headlines[0] ?? "(no headline)");
    expect(need.headlines[0]).toMatch(/^Need-adjusted: /);
    expect(text).toContain(`from ${need.needAdjusted?.citation ?? "(no citation)"}.`);
    const figures = JSON.parse(readFileSync(join(out, "figures.json"), "utf8")) as {
      summary: { needAdjusted: { higher: number; lower: number } };
    };
    expect(figures.summary.needAdjusted).toMatchObject({ higher, lower });
  });

  it("crude (the default) keeps the crude headline and says nothing of need-adjusted ratios in it", async () => {
    const out = join(dir, "crude");
    const r = await runCli(["release", ...ARGS, "--out", out, "--db", db, "--quiet"]);
    expect(r.code).toBe(0);
    const text = lines(out).join("\n");
    expect(text).not.toContain("that England's rate implies for its need");
    expect(text).toContain("per 1,000 residents than the expected range around England's rate");
  });

  it("stops at a bad --measure-basis with one line, exit 2, and nothing written", async () => {
    const out = join(dir, "bad");
    const r = await runCli([
      "release",
      ...ARGS,
      "--measure-basis",
      "age",
      "--out",
      out,
      "--db",
      db,
    ]);
    expectRefused(
      r,
      2,
      'rationwatch release: --measure-basis: expected one of crude, need-adjusted, got "age"\n',
      out,
    );
  });

  it("need-adjusted: when the extremes stand out, the headline names them with their ratios, each traced to figures.json", () => {
    // The same result with the highest ratio marked above and the lowest below the expected range
    // (as on real data, where φ is smaller against 106 areas): the wording, not the test, is checked.
    const ranked = need.areas
      .filter((a) => a.needAdjustedRank != null)
      .sort((a, b) => (a.needAdjustedRank as number) - (b.needAdjustedRank as number));
    const top = ranked[0]!;
    const bottom = ranked[ranked.length - 1]!;
    const v: VariationResult = {
      ...need,
      areas: need.areas.map((a) =>
        a === top
          ? { ...a, needAdjustedComparedToEngland: "higher" }
          : a === bottom
            ? { ...a, needAdjustedComparedToEngland: "lower" }
            : a,
      ),
    };
    const input: ReportInput = { ...loadFixture(), variation: v, specialties: [] };
    const release = buildRelease(input, { now: new Date("2025-05-01T09:00:00Z") });
    expect(plainText(release.headline)).toBe(
      `${areaLabel(top)} had ${formatRate(top.needAdjustedRatio, 2)} times the patients treated that England's rate implies for its need, ${areaLabel(bottom)} ${formatRate(bottom.needAdjustedRatio, 2)} times`,
    );
    expect(plainText(release.standfirst)).toMatch(
      /^Of 6 areas of England with a need-weighted population, 1 had more patients treated than the expected range around England's rate for their need, and 1 fewer, from /,
    );
    const root = { input, summary: { needAdjusted: { higher: 1, lower: 1 } } };
    for (const f of [...release.headline, ...release.standfirst]) {
      if (typeof f === "string" || !f.path.startsWith("input.variation.areas")) continue;
      expect(formatFigure(atPath(root, f.path), f.kind), f.path).toBe(f.text);
    }
  });
});
