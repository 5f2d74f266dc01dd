// Every table command fits an 80-column terminal (COLUMNS=80): no line longer than 80 characters,
// and the columns left out are named; without a width (a pipe or file) every column is there.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { FIXTURE_ROWS } from "../analysis/rtt-fixture.ts";
import { runCli } from "../helpers/cli.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

let db: string;
beforeAll(async () => {
  db = join(mkdtempSync(join(tmpdir(), "rw-width-")), "store.duckdb");
  (await buildRttStore(FIXTURE_ROWS, { path: db })).close();
});

const COMMANDS: Array<[string, string[]]> = [
  ["variation", ["variation", "--from", "2021-01", "--to", "2021-07"]],
  [
    "variation by region",
    ["variation", "--from", "2021-01", "--to", "2021-07", "--level", "region"],
  ],
  ["trend", ["trend", "--from", "2021-01", "--to", "2021-07"]],
  ["waits", ["waits", "--month", "2021-04", "--baseline", "2021-03"]],
  ["waits by provider", ["waits", "--month", "2021-04", "--level", "provider"]],
  ["areas", ["areas", "--month", "2021-04"]],
  ["status", ["status"]],
];

describe("tables at 80 columns", () => {
  it.each(COMMANDS)("%s: every line fits", async (_name, argv) => {
    const narrow = await runCli([...argv, "--db", db], { env: { COLUMNS: "80" } });
    expect(narrow.code).toBe(0);
    const long = narrow.stdout.split("\n").filter((l) => [...l].length > 80);
    expect(long).toEqual([]);
  });

  it("the league table leaves out its secondary columns, says which, and keeps rank, area, rate and comparison", async () => {
    const argv = ["variation", "--from", "2021-01", "--to", "2021-07", "--db", db];
    const full = await runCli(argv);
    const narrow = await runCli(argv, { env: { COLUMNS: "80" } });
    expect(full.stdout.split("\n").some((l) => [...l].length > 80)).toBe(true);
    expect(full.stdout).toContain("vs England (Poisson CI)");
    expect(narrow.stdout).not.toContain("vs England (Poisson CI)  ");
    expect(narrow.stdout).toMatch(/Left out to fit 80 columns: vs England \(Poisson CI\)/);
    expect(narrow.stdout).toMatch(
      /^Rank +Area +Region +Count +Rate +95% CI +vs England \(funnel\)/m,
    );
  });

  // Only what does not fit is left out: the fewest optional columns, the least important of them
  // (DROP_FIRST in src/cli/variation.ts), with text columns wrapped to 16 characters or more.
  // Widths (fixture): Rank 4, Area 48 (wraps), Region 10, Count 6, Population 10, Rate 4,
  // 95% CI 9, vs England (funnel) 19, Need-adj. ratio 15, vs need (funnel) 16, two spaces between.
  const LEAGUE: Array<[number, string, string]> = [
    [
      60,
      "Rank  Area              Rate     95% CI  vs England (funnel)",
      "vs England (Poisson CI), Ratio 95% CI, Need-adj. rank, 95% rank range, Population, Count, vs need (funnel), Region, Need-adj. ratio",
    ],
    [
      80,
      "Rank  Area              Region       Count  Rate     95% CI  vs England (funnel)",
      "vs England (Poisson CI), Ratio 95% CI, Need-adj. rank, 95% rank range, Population, vs need (funnel), Need-adj. ratio",
    ],
    [
      120,
      "Rank  Area                   Region       Count  Rate     95% CI  vs England (funnel)  Need-adj. ratio  vs need (funnel)",
      "vs England (Poisson CI), Ratio 95% CI, Need-adj. rank, 95% rank range, Population",
    ],
  ];
  it.each(LEAGUE)(
    "at %i columns the league table shows exactly these columns",
    async (cols, header, left) => {
      const r = await runCli(["variation", "--from", "2021-01", "--to", "2021-07", "--db", db], {
        env: { COLUMNS: String(cols) },
      });
      expect(r.code).toBe(0);
      const lines = r.stdout.split("\n");
      expect(lines.find((l) => l.startsWith("Rank"))).toBe(header);
      const note = lines.slice(
        lines.findIndex((l) => l.startsWith(`(Left out to fit ${cols} columns:`)),
      );
      expect(note.join(" ")).toContain(
        `(Left out to fit ${cols} columns: ${left}. A wider terminal`,
      );
      expect(lines.filter((l) => [...l].length > cols)).toEqual([]);
    },
  );

  const OTHERS: Array<[number, string, string]> = [
    [
      60,
      "Region       Count  Rate     95% CI  vs England (funnel)",
      "ICS           Highest, rank  Lowest, rank   Highest ÷ lowest",
    ],
    [
      80,
      "Region       Count  Rate     95% CI  vs England (funnel)  Need-adj. ratio",
      "ICS                Areas  Highest, rank      Lowest, rank       Highest ÷ lowest",
    ],
    [
      120,
      "Region       Count  Population  Rate     95% CI  vs England (funnel)  Need-adj. ratio  Ratio 95% CI  vs need (funnel)",
      "ICS                              Areas  Highest, rank                              Lowest, rank         Highest ÷ lowest",
    ],
  ];
  it.each(OTHERS)(
    "at %i columns the regions and within-ICS tables show exactly these columns",
    async (cols, regions, ics) => {
      const r = await runCli(["variation", "--from", "2021-01", "--to", "2021-07", "--db", db], {
        env: { COLUMNS: String(cols) },
      });
      const lines = r.stdout.split("\n");
      expect(lines.find((l) => l.startsWith("Region  "))).toBe(regions);
      expect(lines.find((l) => l.startsWith("ICS  "))).toBe(ics);
    },
  );

  it("at region level no column repeats the area as its own region", async () => {
    const r = await runCli([
      "variation",
      "--from",
      "2021-01",
      "--to",
      "2021-07",
      "--level",
      "region",
      "--db",
      db,
    ]);
    const header = r.stdout.split("\n").find((l) => l.startsWith("Rank"));
    expect(header).toBeDefined();
    expect(header).not.toMatch(/Region/);
  });
});

describe("the same --level names on every command", () => {
  const base: Array<[string, string[]]> = [
    ["variation", ["variation", "--from", "2021-01", "--to", "2021-07"]],
    ["trend", ["trend", "--from", "2021-01", "--to", "2021-07"]],
    ["waits", ["waits", "--month", "2021-04"]],
    ["areas", ["areas", "--month", "2021-04"]],
  ];
  it.each(base)("%s takes commissioner, icb and region", async (_name, argv) => {
    for (const level of ["commissioner", "icb", "region"]) {
      const r = await runCli([...argv, "--level", level, "--format", "json", "--db", db]);
      expect(r.code, `${argv[0]} --level ${level}: ${r.stderr}`).toBe(0);
    }
  });
});
