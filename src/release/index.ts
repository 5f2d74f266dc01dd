/**
 * The media release: `writeRelease` writes release.docx, release.md, release.html and the
 * figures.json every figure in them is traced to. It renders the report's input; it computes no
 * statistic and queries nothing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { isSynthetic } from "../report/charts/index.ts";
import { buildFigures } from "../report/figures.ts";
import { defaultTitle } from "../report/text.ts";
import type { ReportInput } from "../report/types.ts";

import { buildRelease, type Release } from "./content.ts";
import { releaseDocx } from "./docx.ts";
import { releaseHtml, releaseMarkdown } from "./render.ts";

export { buildRelease, type Release } from "./content.ts";

export interface WriteReleaseOptions {
  outDir: string;
  now: Date;
  embargo?: Date;
  title?: string;
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
  const outputs: Array<[string, string | Buffer]> = [
    ["release.md", releaseMarkdown(release)],
    ["release.html", releaseHtml(release)],
    ["release.docx", await releaseDocx(release)],
    ["figures.json", `${JSON.stringify(figures, null, 2)}\n`],
  ];
  mkdirSync(o.outDir, { recursive: true });
  const files = outputs.map(([name, data]) => {
    const path = join(o.outDir, name);
    writeFileSync(path, data);
    return path;
  });
  return { files, release };
}
