// `rationwatch release --infographics` as a user runs it: the real command in a child process on a
// generated store whose periods are flagged synthetic (and in-process on the same rows flagged real),
// checking the files it lists, their sizes and pixel dimensions, the synthetic marking in every
// output, and that a bad flag stops it with one line and nothing written.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { SYNTHETIC_INFOGRAPHIC_LABEL } from "../../src/release/infographic.ts";
import { FIXTURE_ROWS } from "../analysis/rtt-fixture.ts";
import { expectRefused, runCli, spawnCli } from "../helpers/cli.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

const SIZES = [
  [1080, 1080],
  [1200, 675],
  [1080, 1350],
] as const;

let dir: string;
let synthetic: string;
let real: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-cli-release-"));
  const months = [...new Set(FIXTURE_ROWS.map((r) => r.month))];
  const periods = (s: boolean) =>
    months.map((month) => ({ month, synthetic: s, sourceFile: `${month}.csv`, checksum: "ab" }));
  synthetic = join(dir, "synthetic.duckdb");
  real = join(dir, "real.duckdb");
  (await buildRttStore(FIXTURE_ROWS, { path: synthetic, periods: periods(true) })).close();
  (await buildRttStore(FIXTURE_ROWS, { path: real, periods: periods(false) })).close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under `root`, as paths relative to it, sorted. */
function tree(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/** Width and height from a PNG's IHDR chunk (after the 8-byte signature and chunk header). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))).toBe(true);
  expect(bytes.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const WINDOW = ["--from", "2021-01", "--to", "2021-07"];

describe("rationwatch release --infographics (the real command)", () => {
  let out: string;
  let stdout: string;
  beforeAll(() => {
    out = join(dir, "release");
    const r = spawnCli(["release", ...WINDOW, "--infographics", "--out", out, "--db", synthetic]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    stdout = r.stdout;
  }, 120_000);

  it("writes the release, the three infographics in SVG, PNG and alt text, and figures.json, and lists each", () => {
    const names = SIZES.flatMap(([w, h]) =>
      ["alt.txt", "png", "svg"].map((ext) => `infographics/infographic-${w}x${h}.${ext}`),
    );
    const expected = ["figures.json", "release.docx", "release.html", "release.md", ...names];
    expect(tree(out)).toEqual(expected.sort());
    const listed = stdout
      .trim()
      .split("\n")
      .map((l) => /^Written: (.*)$/.exec(l)?.[1]);
    expect(listed.map((p) => p && relative(out, p)).sort()).toEqual(expected.sort());
  });

  it("draws each PNG at its exact social size, from a non-trivial SVG of the same size", () => {
    for (const [w, h] of SIZES) {
      const base = join(out, "infographics", `infographic-${w}x${h}`);
      const png = readFileSync(`${base}.png`);
      expect(pngSize(png)).toEqual({ width: w, height: h });
      // A blank or text-less image of this size compresses to a few kB; these carry text and bars.
      expect(png.length).toBeGreaterThan(30_000);
      expect(png.length).toBeLessThan(1_000_000);
      const svg = readFileSync(`${base}.svg`, "utf8");
      expect(svg).toMatch(new RegExp(`^<svg [^>]*width="${w}" height="${h}"`));
      expect(svg.match(/<text /g)?.length ?? 0).toBeGreaterThan(10);
      expect(statSync(`${base}.alt.txt`).size).toBeGreaterThan(200);
    }
  });

  it("draws the map of the window's boundaries beside the headline in the square and portrait images", () => {
    for (const [w, h] of [SIZES[0], SIZES[2]]) {
      const base = join(out, "infographics", `infographic-${w}x${h}`);
      const svg = readFileSync(`${base}.svg`, "utf8");
      expect(svg).toMatch(/>Each area against( England)?<\/text>/); // the heading may wrap
      // Every April 2021 CCG is drawn (106), the three in the store in their comparison's colour.
      expect(svg.match(/<path fill="#[0-9a-f]{6}"/g)?.length).toBe(106);
      const alt = readFileSync(`${base}.alt.txt`, "utf8");
      expect(alt).toContain(
        "Map, each area against england: 0 areas above the expected range, 2 within it and 1 below it.",
      );
      // The source line (wrapped in the image, whole in the alt text) credits the boundaries.
      expect(alt).toContain(
        "Map boundaries: ONS; contains OS data © Crown copyright and database right",
      );
    }
  });

  it("marks the synthetic data in every image, alt text and draft, and lists the images in figures.json", () => {
    for (const [w, h] of SIZES) {
      const base = join(out, "infographics", `infographic-${w}x${h}`);
      expect(readFileSync(`${base}.svg`, "utf8")).toContain(SYNTHETIC_INFOGRAPHIC_LABEL);
      expect(readFileSync(`${base}.alt.txt`, "utf8")).toContain(`${SYNTHETIC_INFOGRAPHIC_LABEL}.`);
    }
    expect(readFileSync(join(out, "release.md"), "utf8")).toContain(
      "SYNTHETIC DEMONSTRATION DATA: not real NHS figures. Do not publish or quote this draft.",
    );
    expect(readFileSync(join(out, "release.html"), "utf8")).toContain(
      '<p class="synthetic" role="note">SYNTHETIC DEMONSTRATION DATA',
    );
    const figures = JSON.parse(readFileSync(join(out, "figures.json"), "utf8")) as {
      synthetic: boolean;
      infographics: Array<{ png: string; width: number; height: number; alt: string }>;
    };
    expect(figures.synthetic).toBe(true);
    expect(figures.infographics.map((g) => [g.png, g.width, g.height])).toEqual(
      SIZES.map(([w, h]) => [`infographics/infographic-${w}x${h}.png`, w, h]),
    );
    for (const g of figures.infographics) {
      const alt = readFileSync(join(out, g.png.replace(/\.png$/, ".alt.txt")), "utf8");
      expect(alt).toBe(`${g.alt}\n`);
    }
  });

  it("carries no synthetic label when the store's data are real", async () => {
    const genuine = join(dir, "release-real");
    const r = await runCli([
      "release",
      ...WINDOW,
      "--infographics",
      "--out",
      genuine,
      "--db",
      real,
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const [w, h] of SIZES) {
      const base = join(genuine, "infographics", `infographic-${w}x${h}`);
      expect(readFileSync(`${base}.svg`, "utf8")).not.toMatch(/synthetic/i);
      expect(readFileSync(`${base}.alt.txt`, "utf8")).not.toMatch(/synthetic/i);
    }
    expect(readFileSync(join(genuine, "release.md"), "utf8")).not.toMatch(/synthetic/i);
  }, 120_000);
});

describe("rationwatch release: bad input", () => {
  it("stops at a misspelt flag with one line, exit 2, and nothing written", () => {
    const out = join(dir, "bad-flag");
    const r = spawnCli(["release", "--infographic", "--out", out, "--db", synthetic]);
    expectRefused(
      r,
      2,
      "rationwatch release: Unknown option '--infographic' (did you mean --infographics? see 'rationwatch release --help')\n",
      out,
    );
  }, 60_000);

  it("refuses infographics under a need-adjusted headline (crude images would mix the bases), writing nothing", async () => {
    const out = join(dir, "mixed-basis");
    const args = ["release", "--infographics", "--measure-basis", "need-adjusted"];
    const r = await runCli([...args, "--out", out, "--db", synthetic]);
    expectRefused(
      r,
      2,
      "rationwatch release: --infographics draws crude rates only, so it cannot go with --measure-basis need-adjusted (one image would mix the two): run the release once without each\n",
      out,
    );
  });

  it("stops at an unreadable --embargo before any analysis, with nothing written", async () => {
    const out = join(dir, "bad-embargo");
    const r = await runCli([
      "release",
      "--infographics",
      "--embargo",
      "tomorrow",
      "--out",
      out,
      "--db",
      synthetic,
    ]);
    expectRefused(
      r,
      2,
      'rationwatch release: --embargo: expected a UK date and time as "YYYY-MM-DD HH:MM", got "tomorrow"\n',
      out,
    );
  });
});
