import { existsSync } from "node:fs";
import { resolve } from "node:path";

import { InputFileError, UsageError } from "../errors.ts";
import { importPopulationFile, type PopulationImportResult } from "../geo/population-import.ts";

import { parseCommandArgs } from "./args.ts";
import { withWritableStore, type Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { formatNumber } from "./output.ts";
import { createProgressBar } from "./progress.ts";

const HELP = `Usage: rationwatch population import <file> [--db PATH] [--year YYYY] [--quiet]

Imports population denominators for the CCGs / sub-ICB locations of the reference geography.

The layout is recognised from the header (which may follow title rows):
  ONS mid-year estimates   CSV with "CCG Code" or "SICBL 2023 Code" (ONS E38 or ODS codes) and
                           "All Ages" or "Total", single years (0 … 90+), F0 … F90 / M0 … M90, or
                           bands (Age 0-17 …); or an ONS workbook (.xlsx), every "Mid-YYYY …" sheet
  GP registered patients   NHS Digital "Patients Registered at a GP Practice" CSV
                           (SUB_ICB_LOCATION_CODE or, before July 2022, CCG_CODE; summed over
                           practices, using the SEX=ALL / AGE=ALL rows where present)

Options:
  --year YYYY   the mid-year of a CSV that does not name it; for a workbook, the one sheet to
                import; for a GP file, overrides the extract's year
  --db PATH     store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  -q, --quiet   no progress bar
  -h, --help    show this help

ONS codes are matched to ODS codes through the reference tables. An unknown layout or area code
stops the import with one line naming the file and line; nothing is written. Importing the same
areas and year again replaces them. Rates use ONS resident estimates before GP registered lists,
of the latest year up to the month's year (docs/data-sources.md).
`;

/** The lines printed after an import. */
export function formatPopulationImport(r: PopulationImportResult): string {
  const out = [`Imported ${r.layout} from ${r.file}:`];
  for (const i of r.imported) {
    out.push(
      `  ${i.year}  ${formatNumber(i.areas)} areas  total ${formatNumber(i.total)}  ${i.label} (${i.geography}, ${i.basis})`,
    );
  }
  return `${out.join("\n")}\n`;
}

export const populationCommand: Command = {
  name: "population",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values, positionals } = parseCommandArgs(
      "population",
      argv,
      { db: { type: "string" }, year: { type: "string" } },
      true,
    );
    const [sub, file, ...extra] = positionals;
    if (sub !== "import") {
      throw new UsageError(
        `population: expected 'population import <file>'${sub === undefined ? "" : `, got "${sub}"`} (see 'rationwatch population --help')`,
      );
    }
    if (file === undefined || extra.length > 0) {
      throw new UsageError("population import: give exactly one file");
    }
    if (values.year !== undefined && !/^(19|20)\d{2}$/.test(values.year)) {
      throw new UsageError(`--year: expected a year as YYYY, got "${values.year}"`);
    }
    const path = resolve(io.cwd, file);
    if (!existsSync(path)) throw new InputFileError({ file }, "no such file");
    const bar = createProgressBar(io, values.quiet === true, "population");
    const result = await withWritableStore(io, values.db, async (store) => {
      try {
        return await importPopulationFile(store, {
          file: path,
          displayName: file,
          year: values.year === undefined ? undefined : Number(values.year),
          onProgress: bar.update,
        });
      } finally {
        bar.stop();
      }
    });
    io.stdout(formatPopulationImport(result));
  },
};
