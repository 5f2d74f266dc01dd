// `rationwatch report` printing its PDF with a Chromium at a path the user gives with --chromium
// (the real command in a child process): a wrapper script outside the default location that leaves
// a mark and runs Debian's Chromium, so the test shows the path given is the one used. The PDF is read back (its %PDF header and, with
// pdfinfo, its page count). A missing path stops the command with one line and nothing written;
// a path that is not a browser writes every other output and warns in one line.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEFAULT_CHROMIUM } from "../../src/report/pdf.ts";
import { FIXTURE_ROWS } from "../analysis/rtt-fixture.ts";
import { expectRefused, runCli, spawnCli } from "../helpers/cli.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

const hasChromium = existsSync(DEFAULT_CHROMIUM);
const hasPdfinfo = (() => {
  try {
    execFileSync("pdfinfo", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasChromium) {
  console.log(
    `report-pdf: ${DEFAULT_CHROMIUM} not found, the PDF tests through a custom path were not run`,
  );
}

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-report-pdf-"));
  db = join(dir, "store.duckdb");
  (await buildRttStore(FIXTURE_ROWS, { path: db })).close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Chromium "installed" at `name` in the test folder: touches `mark`, then runs the real one. */
function wrapper(name: string, mark: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\ntouch '${mark}'\nexec '${DEFAULT_CHROMIUM}' "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

const WINDOW = ["--from", "2021-01", "--to", "2021-07"];

/** Checks `path` is a real PDF with at least one page; returns its page count (or 1 without pdfinfo). */
function checkPdf(path: string): number {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(bytes.subarray(-1024).toString("latin1")).toContain("%%EOF");
  if (!hasPdfinfo) return 1;
  const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
  const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
  expect(pages).toBeGreaterThan(0);
  expect(info).toMatch(/^Page size:\s+59\d(\.\d+)? x 84\d(\.\d+)? pts/m); // A4: 210 x 297 mm
  return pages;
}

describe.runIf(hasChromium)("report.pdf printed by a Chromium at a custom path", () => {
  // One PDF run (about half a minute on a busy machine): the flag's wrapper must be the one run,
  // and RATIONWATCH_CHROMIUM's (the fallback, tested with resolveChromium in suggest.test.ts) not.
  it("--chromium PATH in a child process: that Chromium prints a real A4 PDF", () => {
    const flagMark = join(dir, "flag-used");
    const envMark = join(dir, "env-used");
    const flagChrome = wrapper("flag-chrome", flagMark);
    const out = join(dir, "report-flag");
    const r = spawnCli(
      ["report", ...WINDOW, "--chromium", flagChrome, "--out", out, "--db", db, "--quiet"],
      { env: { RATIONWATCH_CHROMIUM: wrapper("env-chrome", envMark) } },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Report written: ${join(out, "report.html")}\n`);
    expect(existsSync(flagMark)).toBe(true);
    expect(existsSync(envMark)).toBe(false);
    expect(checkPdf(join(out, "report.pdf"))).toBeGreaterThan(0);
  }, 180_000);
});

describe("a Chromium path that does not work", () => {
  it("a missing --chromium path: one line, exit 2, before any work, nothing written", () => {
    const out = join(dir, "report-missing");
    const r = spawnCli([
      "report",
      ...WINDOW,
      "--chromium",
      "/no/such/chromium",
      "--out",
      out,
      "--db",
      db,
    ]);
    expectRefused(
      r,
      2,
      "rationwatch report: --chromium /no/such/chromium: no such file (give the path of a Chromium executable, e.g. /usr/bin/chromium)\n",
      out,
    );
  }, 60_000);

  it("a file that is not a browser: every other output is written and one warning line says why", async () => {
    const fake = join(dir, "not-a-browser");
    writeFileSync(fake, "#!/bin/sh\nexit 3\n");
    chmodSync(fake, 0o755);
    const out = join(dir, "report-fake");
    const r = await runCli([
      "report",
      ...WINDOW,
      "--chromium",
      fake,
      "--out",
      out,
      "--db",
      db,
      "--quiet",
    ]);
    expect(r.code).toBe(0);
    const warnings = r.stderr.split("\n").filter((l) => l !== "");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(`^warning: report\\.pdf not written: Chromium at ${fake} did not start \\(.+\\)$`),
    );
    expect(existsSync(join(out, "report.pdf"))).toBe(false);
    expect(existsSync(join(out, "report.html"))).toBe(true);
    expect(existsSync(join(out, "tables.xlsx"))).toBe(true);
  }, 180_000);
});
