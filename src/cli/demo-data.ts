import { resolve } from "node:path";

import { DEMO_DEFAULTS, DEMO_LAST_MONTH, writeDemoData } from "../demo/index.ts";
import { UsageError } from "../errors.ts";
import { FIRST_FULL_CSV_MONTH } from "../months.ts";

import { parseCommandArgs, parseIntFlag, parseMonthFlag } from "./args.ts";
import type { Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { formatNumber } from "./output.ts";
import { createProgressBar } from "./progress.ts";

const HELP = `Usage: rationwatch demo-data --out DIR [--from YYYY-MM] [--to YYYY-MM] [--seed N]
                             [--full-size] [--quiet]

Writes SYNTHETIC demonstration data: one NHS England style RTT "Full CSV data file" zip a month
(Full-CSV-data-file-Jun21-ZIP-synthetic.zip holding 20210630-RTT-June-2021-full-extract.csv), in
the real layout of each month (105 week bands from April 2021, 53 before, the old preamble layout
before October 2017). The 106 April-2021 CCGs appear with their real codes, names, ICS/ICB parents
and populations, served by synthetic providers (names say SYNTHETIC), plus the non-geographic
codes NONC and 13Q. Volumes are calibrated to England's published figures (admitted and
non-admitted pathways, clock starts, waiting list, 18-week performance, long waits, regional rates,
the spring-2020 collapse); none of it is real NHS data.

Options:
  --out DIR       folder to write to (created if needed; refused if it holds other files)
  --from YYYY-MM  first month (default ${DEMO_DEFAULTS.from}; earliest ${FIRST_FULL_CSV_MONTH}, the first
                  month with a Full CSV data file)
  --to YYYY-MM    last month (default ${DEMO_DEFAULTS.to}; latest ${DEMO_LAST_MONTH})
  --seed N        random seed, a whole number (default ${DEMO_DEFAULTS.seed}); same seed, same bytes
  --full-size     real file size (~180,000 rows, ~80 MB of CSV a month) instead of ~40,000 rows
  -q, --quiet     no progress bar
  -h, --help      show this help
`;

export const demoDataCommand: Command = {
  name: "demo-data",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("demo-data", argv, {
      out: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      seed: { type: "string" },
      "full-size": { type: "boolean" },
    });
    if (values.out === undefined)
      throw new UsageError("--out DIR is required (see 'rationwatch demo-data --help')");
    const from = parseMonthFlag("from", values.from) ?? DEMO_DEFAULTS.from;
    const to = parseMonthFlag("to", values.to) ?? DEMO_DEFAULTS.to;
    const seed = parseIntFlag("seed", values.seed, DEMO_DEFAULTS.seed);
    const fullSize = values["full-size"] === true;
    const outDir = resolve(io.cwd, values.out);
    const bar = createProgressBar(io, values.quiet === true, "demo-data");
    let result;
    try {
      result = await writeDemoData({ outDir, from, to, seed, fullSize, onProgress: bar.update });
    } finally {
      bar.stop();
    }
    const months = result.written.length;
    io.stdout(
      `Wrote ${months} month${months === 1 ? "" : "s"} of synthetic demonstration data ` +
        `(${from} to ${to}, seed ${seed}, ${fullSize ? "full" : "default"} size, ` +
        `${formatNumber(result.rows)} rows) to ${values.out}\n`,
    );
  },
};
