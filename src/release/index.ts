/**
 * The media release: `writeRelease` writes release.docx, release.md, release.html and the
 * figures.json every figure in them is traced to. It renders the report's input; it computes no
 * statistic and queries nothing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { isSynthetic } from "../report/charts/index.ts";
import { buildFigures } from "../report/figures.ts";
import { defaultFontFiles, svgsToPngs } from "../report/png.ts";
import { defaultTitle } from "../report/text.ts";
import type { ReportInput } from "../report/types.ts";

import { buildRelease, type Release } from "./content.ts";
import { releaseDocx } from "./docx.ts";
import { buildInfographics } from "./infographic.ts";
import { releaseHtml, releaseMarkdown } from "./render.ts";

export { buildRelease, type Release } from "./content.ts";

export interface WriteReleaseOptions {
  outDir: string;
  now: Date;
  embargo?: Date;
  title?: string;
  /** Also write the infographics (SVG, PNG and alt text in each social size). */
  infographics?: boolean;
  /** Font files for the PNGs (default: `defaultFontFiles()`). */
  fontFiles?: string[];
}

/**
 * Writes the release files into `outDir` and returns their paths and the release itself.
 * @example await writeRelease(input, { outDir: 'out/release', now: new Date() })
 */
export async function writeRelease(
  input: ReportInput,
  o: WriteReleaseOptions,
): Promise<{ files: string[]; release: Release }> {
  const release = buildRelease(input, { now: o.now, embargo: o.embargo });
  const figures = buildFigures(input, {
    title: o.title ?? defaultTitle(input.variation),
    now: o.now,
    synthetic: isSynthetic(input),
    charts: new Map(),
  });
  const graphics = o.infographics ? buildInfographics(input, release, { now: o.now }) : [];
  const pngs = await svgsToPngs(
    graphics.map((g) => g.svg),
    { fontFiles: o.fontFiles ?? defaultFontFiles(), scale: 1 },
  );
  const listed = graphics.map((g) => ({
    svg: `infographics/${g.file}.svg`,
    png: `infographics/${g.file}.png`,
    altFile: `infographics/${g.file}.alt.txt`,
    width: g.width,
    height: g.height,
    headlineFigure: g.headlineFigure,
    alt: g.alt,
  }));
  const outputs: Array<[string, string | Buffer]> = [
    ["release.md", releaseMarkdown(release)],
    ["release.html", releaseHtml(release)],
    ["release.docx", await releaseDocx(release)],
    ...graphics.flatMap((g, i): Array<[string, string | Buffer]> => [
      [`infographics/${g.file}.svg`, `${g.svg}\n`],
      [`infographics/${g.file}.png`, pngs[i] ?? Buffer.alloc(0)],
      [`infographics/${g.file}.alt.txt`, `${g.alt}\n`],
    ]),
    [
      "figures.json",
      `${JSON.stringify(o.infographics ? { ...figures, infographics: listed } : figures, null, 2)}\n`,
    ],
  ];
  mkdirSync(o.outDir, { recursive: true });
  if (graphics.length > 0) mkdirSync(join(o.outDir, "infographics"), { recursive: true });
  const files = outputs.map(([name, data]) => {
    const path = join(o.outDir, name);
    writeFileSync(path, data);
    return path;
  });
  return { files, release };
}
