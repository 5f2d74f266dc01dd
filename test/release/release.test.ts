import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseEmbargo } from "../../src/cli/release.ts";
import {
  atPath,
  embargoLine,
  formatFigure,
  buildRelease,
  plainText,
  type Release,
} from "../../src/release/content.ts";
import { writeRelease } from "../../src/release/index.ts";
import { areaLabel } from "../../src/report/format.ts";
import { asReal, loadFixture } from "../report/helpers.ts";

const NOW = new Date("2025-05-01T09:00:00Z");
const input = loadFixture();
let dir: string;
let release: Release;
let figures: unknown;
let md: string;
let html: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-release-"));
  const out = await writeRelease(input, {
    outDir: dir,
    now: NOW,
    embargo: new Date("2025-05-07T23:01:00Z"),
  });
  release = out.release;
  figures = JSON.parse(readFileSync(join(dir, "figures.json"), "utf8"));
  md = readFileSync(join(dir, "release.md"), "utf8");
  html = readFileSync(join(dir, "release.html"), "utf8");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every run of text in the release, figures included, as one string per block. */
function texts(r: Release): string[] {
  return [
    plainText(r.headline),
    plainText(r.standfirst),
    ...r.body.map((b) => plainText(b.parts)),
    ...r.notes.map((b) => plainText(b.parts)),
  ];
}

describe("media release", () => {
  it("words its window 'from … to …', and one month 'in …' (not 'from April 2026 to April 2026')", () => {
    const v = input.variation;
    expect(plainText(release.standfirst)).toContain(
      ` fewer, from ${formatFigure(v.from, "month")} to ${formatFigure(v.to, "month")}`,
    );
    const one = buildRelease({ ...input, variation: { ...v, from: v.to } }, { now: NOW });
    const words = texts(one).join("\n");
    expect(plainText(one.standfirst)).toContain(` fewer, in ${formatFigure(v.to, "month")}`);
    expect(words).toContain(`referral-to-treatment data in ${formatFigure(v.to, "month")}`);
    expect(words).not.toMatch(/from (\w+ \d{4}) to \1\b/);
  });

  it("traces every figure to figures.json: the value at its path, formatted, is the text", () => {
    expect(release.figures.length).toBeGreaterThan(20);
    for (const f of release.figures) {
      const value = atPath(figures, f.path);
      expect(value, f.path).toBeDefined();
      expect(formatFigure(value, f.kind), f.path).toBe(f.text);
    }
  });

  it("has no number that is not one of those traced figures (boilerplate units aside)", () => {
    const refs = [release.headline, release.standfirst, ...release.body.map((b) => b.parts)]
      .concat(release.notes.map((b) => b.parts))
      .map((parts) => parts.map((p) => (typeof p === "string" ? p : "")).join("¦"));
    const allowed = [
      /per 1,000/g,
      /1,000 (people|residents)/g,
      /95%/g,
      /Licence v3\.0/g,
      /\(RTT\)/g,
      /\bPart (1A|1B|3)\b/g,
      /https?:\/\/\S+/g,
    ];
    for (const text of refs) {
      let rest = text;
      for (const a of allowed) rest = rest.replace(a, "");
      expect(rest, text).not.toMatch(/\d/);
    }
  });

  it("leads with the strongest finding that survives the over-dispersion-aware test", () => {
    const ranked = [...input.variation.areas].sort((a, b) => a.rank - b.rank);
    const top = ranked[0];
    const bottom = ranked[ranked.length - 1];
    expect(top?.comparedToEngland).toBe("higher");
    expect(bottom?.comparedToEngland).toBe("lower");
    expect(plainText(release.headline)).toBe(
      `${areaLabel(top ?? { name: "", code: "" })} had ${formatFigure(input.variation.spread.eq, "ratio")} times as many patients treated per head as ${areaLabel(bottom ?? { name: "", code: "" })}`,
    );
  });

  it("words the headline no stronger than the figures when no area stands out", () => {
    const flat = {
      ...input,
      variation: {
        ...input.variation,
        areas: input.variation.areas.map((a) => ({ ...a, comparedToEngland: "similar" as const })),
      },
    };
    return writeRelease(flat, { outDir: join(dir, "flat"), now: NOW }).then(({ release: r }) => {
      expect(plainText(r.headline)).toContain("no more than ordinary variation explains");
      expect(r.embargo).toBe("EMBARGOED UNTIL [time and date to be set]");
    });
  });

  it("has every part of a release in order, with marked placeholders and -ends-", () => {
    const all = texts(release).join("\n");
    expect(release.embargo).toBe("EMBARGOED UNTIL 00:01 ON THURSDAY 8 MAY 2025 (UK TIME)");
    const order = [
      "Key findings",
      "The regional picture",
      "Neighbours, different chances",
      "Specialties",
      "[QUOTE:",
      "[CASE STUDY:",
      "-ends-",
      "What is counted:",
      "Sources:",
      "Licence:",
      "Data vintage:",
    ];
    const at = order.map((s) => all.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const h of input.variation.headlines) expect(all).toContain(h);
    const w = input.variation.withinIcs[0];
    expect(all).toContain(
      `${areaLabel(w?.highest ?? { name: "", code: "" })} (${formatFigure(w?.highest.rank, "ordinal")}) and ${areaLabel(w?.lowest ?? { name: "", code: "" })}`,
    );
    for (const s of input.specialties) expect(all).toContain(`${s.specialtyName}: England's rate`);
  });

  it("says the data are synthetic in every format, and not when they are real", async () => {
    expect(md).toContain("SYNTHETIC DEMONSTRATION DATA");
    expect(html).toContain('<p class="synthetic" role="note">');
    const docx = readFileSync(join(dir, "release.docx"));
    expect(docx.subarray(0, 2).toString()).toBe("PK");
    const real = await writeRelease(asReal(input), { outDir: join(dir, "real"), now: NOW });
    expect(readFileSync(join(dir, "real", "release.md"), "utf8")).not.toMatch(/synthetic/i);
    expect(real.release.synthetic).toBe(false);
  });

  it("lists each figure with its path in Markdown and marks it in HTML", () => {
    const f = release.figures[0];
    expect(md).toContain(`| ${f?.text} | \`${f?.path}\` |`);
    expect(html).toContain(`title="figures.json: ${f?.path}">`);
  });
});

describe("--embargo", () => {
  it("reads UK time, summer and winter", () => {
    expect(parseEmbargo("2025-05-08 00:01")?.toISOString()).toBe("2025-05-07T23:01:00.000Z");
    expect(parseEmbargo("2025-01-08 00:01")?.toISOString()).toBe("2025-01-08T00:01:00.000Z");
    expect(embargoLine(parseEmbargo("2025-01-08 09:30"))).toBe(
      "EMBARGOED UNTIL 09:30 ON WEDNESDAY 8 JANUARY 2025 (UK TIME)",
    );
  });

  it.each(["tomorrow", "2025-13-01 00:01", "2025-05-08"])("refuses %s in one line", (bad) => {
    expect(() => parseEmbargo(bad)).toThrow(
      `--embargo: expected a UK date and time as "YYYY-MM-DD HH:MM", got "${bad}"`,
    );
  });
});
