import { existsSync } from "node:fs";
import { resolve } from "node:path";

import { InputFileError, UsageError } from "../errors.ts";
import { importCrosswalk, readCrosswalkFile } from "../geo/crosswalk.ts";
import { ensureReferenceLoaded } from "../geo/reference.ts";
import { crosswalkEntries, type CrosswalkRecord } from "../store/geo-queries.ts";

import { parseChoice, parseCommandArgs } from "./args.ts";
import { withStoreOrReference, withWritableStore, type Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { FORMATS, renderCsv, renderTable, type Column, renderFormat } from "./output.ts";

const HELP = `Usage: rationwatch crosswalk import <file> [--db PATH]
       rationwatch crosswalk list [--format table|csv|json] [--db PATH]

Code changes over time, so that trends across mergers roll up to one geography. A crosswalk CSV
has the header old_code,new_code,from_month (and optionally note): from from_month (YYYY-MM) the
area old_code is part of new_code, and analyses whose window ends on or after that month count
old_code's activity under new_code. Chains (A → B → C) are followed. Every new_code must be a CCG
or sub-ICB code of the reference geography (or another row's old_code). Importing an entry for the
same old_code and month again replaces it. The shipped crosswalk records that each April 2021 CCG
code carries on as a July 2022 sub-ICB location code (docs/data-sources.md).

Options:
  --format FORMAT   for list: table (default), csv or json
  --db PATH         store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  -h, --help        show this help
`;

const columns: Column<CrosswalkRecord>[] = [
  { header: "old_code", value: (r) => r.oldCode },
  { header: "new_code", value: (r) => r.newCode },
  { header: "from_month", value: (r) => r.fromMonth },
  { header: "note", value: (r) => r.note },
  { header: "source", value: (r) => r.source },
];

export const crosswalkCommand: Command = {
  name: "crosswalk",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values, positionals } = parseCommandArgs(
      "crosswalk",
      argv,
      { db: { type: "string" }, format: { type: "string" } },
      true,
    );
    const [sub, file, ...extra] = positionals;
    if (sub === "list" && file === undefined) {
      const format = parseChoice("format", values.format, FORMATS, "table");
      const rows = await withStoreOrReference(io, values.db, async (store) => {
        await ensureReferenceLoaded(store);
        return crosswalkEntries(store, "9999-12");
      });
      io.stdout(
        renderFormat(format, {
          json: () => ({ crosswalk: rows }),
          csv: () => renderCsv(columns, rows),
          table: () => renderTable(columns, rows),
        }),
      );
      return;
    }
    if (sub !== "import" || file === undefined || extra.length > 0 || values.format) {
      throw new UsageError(
        "crosswalk: expected 'crosswalk import <file>' or 'crosswalk list' (see 'rationwatch crosswalk --help')",
      );
    }
    const path = resolve(io.cwd, file);
    if (!existsSync(path)) throw new InputFileError({ file }, "no such file");
    const count = await withWritableStore(io, values.db, async (store) => {
      const records = await readCrosswalkFile(store, path, { displayName: file });
      await importCrosswalk(store, records);
      return records.length;
    });
    io.stdout(`Imported ${count} crosswalk entr${count === 1 ? "y" : "ies"} from ${file}\n`);
  },
};
