import { resolve } from "node:path";

import { UsageError } from "../errors.ts";
import { loadBoundaries } from "../geo/boundaries.ts";

import { parseCommandArgs } from "./args.ts";
import { withReadStore, type Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { createProgressBar } from "./progress.ts";
import { displayPath, PUBLICATION_OPTIONS, publicationRun, publicationWindow } from "./report.ts";

const HELP = `Usage: rationwatch release [--from YYYY-MM --to YYYY-MM] [--specialty S] [--embargo WHEN]
                          [--out DIR] [--infographics] [--denominator D]
                          [--measure-basis crude|need-adjusted] [--db PATH] [--quiet]

Writes a media-release draft from the same analyses as 'report': release.docx (to edit and send),
release.md and release.html, and the figures.json every figure in them comes from. It has an
embargo line, a headline and standfirst from the strongest finding that holds up once the extra
variation between areas is allowed for, key findings, the regional picture, the widest gap inside
one integrated care system, specialty paragraphs, marked placeholders for quotes and a case study,
"-ends-" and notes to editors (method in plain words, sources, licence, data vintage). Each figure
is listed with its figures.json path. Drafts from demo data say they are synthetic.

Options:
  --from YYYY-MM    first month (default: 11 months before --to)
  --to YYYY-MM      last month (default: the latest month in the store)
  --specialty S     all (default) or one treatment function (see 'variation --help')
  --embargo WHEN    embargo end, UK time: YYYY-MM-DD HH:MM (default: a placeholder to fill in)
  --denominator D   resident (default) or registered: the population rates are per
  --measure-basis B crude (default) or need-adjusted: the headline, standfirst and key findings
                    lead with the need-adjusted ratio (observed ÷ expected at England's rate per
                    head of NHS England's need-weighted population), as in 'report'
  --out DIR         output folder (default out/release)
  --infographics    also write infographics/: one-page summary images for social media,
                    infographic-1080x1080, -1200x675 and -1080x1350, each as .svg, .png and
                    .alt.txt (the alt text, also in figures.json "infographics"), with the
                    headline exactly as the release words it and (square and portrait) a
                    small map of every area against England (crude rates only: not with
                    --measure-basis need-adjusted)
  --seed N          seed of the rank-interval simulation (default 1)
  --db PATH         store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  -q, --quiet       no progress bar
  -h, --help        show this help
`;

/** `2025-05-01 00:01` (UK time) as an instant; UsageError otherwise. */
export function parseEmbargo(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(value.trim());
  const bad = () =>
    new UsageError(`--embargo: expected a UK date and time as "YYYY-MM-DD HH:MM", got "${value}"`);
  if (!m) throw bad();
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  // Europe/London is UTC+0 or UTC+1: take the offset that gives back the same wall-clock time.
  for (const offset of [0, 1]) {
    const t = new Date(Date.UTC(y, mo - 1, d, h - offset, mi));
    const wall = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(t);
    const want = `${m[3]}/${m[2]}/${m[1]}, ${m[4]}:${m[5]}`;
    if (wall === want) return t;
  }
  throw bad();
}

export const releaseCommand: Command = {
  name: "release",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("release", argv, {
      ...PUBLICATION_OPTIONS,
      embargo: { type: "string" },
      infographics: { type: "boolean" },
    });
    const run = publicationRun(values, "out/release");
    // The images draw crude rates (England's rate, the highest and lowest, the map's colours): under
    // a need-adjusted headline one image would mix the two bases.
    if (values.infographics === true && run.measureBasis === "need-adjusted")
      throw new UsageError(
        "--infographics draws crude rates only, so it cannot go with --measure-basis need-adjusted (one image would mix the two): run the release once without each",
      );
    const embargo = parseEmbargo(values.embargo);
    const outDir = resolve(io.cwd, run.outDir);
    const files = await withReadStore(io, values.db, async (store) => {
      const { from, to } = await publicationWindow(store, run);
      const bar = createProgressBar(io, run.quiet, "release");
      bar.update(0, 2, "analyses");
      const { publicationFigures } = await import("../analysis/publication.ts");
      const input = await publicationFigures(store, {
        from,
        to,
        specialty: run.specialty,
        seed: run.seed,
        denominator: run.denominator,
        measureBasis: run.measureBasis,
      });
      // The infographics' map: the boundaries of the window's last month's vintage, as the report's.
      const boundaries = values.infographics === true ? await loadBoundaries(to) : undefined;
      bar.update(1, 2, "release");
      const { writeRelease } = await import("../release/index.ts");
      const result = await writeRelease(boundaries ? { ...input, boundaries } : input, {
        outDir,
        now: io.now(),
        embargo,
        infographics: values.infographics === true,
      });
      bar.stop();
      return result.files;
    });
    for (const f of files) io.stdout(`Written: ${displayPath(io, f)}\n`);
  },
};
