/**
 * Shared by the adversarial suite: inputs generated on the fly (nothing committed), the CLI run in
 * parallel child processes, and whether this machine lets the tests mount a small tmpfs.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { monthLabel, MONTH_NAMES, splitMonth } from "../../src/months.ts";
import { repoRoot, type CliResult } from "../helpers/cli.ts";
import { fixtureCsv, withC999, type FixtureRow } from "../ingest/rtt-fixture.ts";

export const adversarialDir = (): string => mkdtempSync(join(tmpdir(), "rationwatch-adv-"));

/** `RTT-June-2024` for `2024-06`. */
export function periodOf(month: string): string {
  const { year, month: m } = splitMonth(month);
  return `RTT-${MONTH_NAMES[m - 1]}-${year}`;
}

/**
 * A valid Full CSV extract for `month` with `commissioners` × 4 treatment-function rows per part
 * (plus C_999 rows); its data rows number `rowsPerMonth(commissioners)`.
 */
export function monthCsv(month: string, commissioners: number, scale = 1): string {
  const rows: FixtureRow[] = [];
  for (let c = 0; c < commissioners; c++) {
    const commissioner = `Z${String(c).padStart(4, "0")}`;
    for (const tf of ["C_100", "C_110", "C_120", "C_130"]) {
      rows.push(
        { commissioner, part: "Part_1A", tf, bands: { 0: scale, 3: c % 5 } },
        { commissioner, part: "Part_1B", tf, bands: { 1: 2 * scale } },
        { commissioner, part: "Part_2", tf, bands: { 0: 3 * scale, 20: 1 } },
        { commissioner, part: "Part_2A", tf, bands: { 2: scale } },
        { commissioner, part: "Part_3", tf, totalAll: 4 * scale },
      );
    }
  }
  return fixtureCsv({ period: periodOf(month), rows: withC999(rows) });
}

/** Data rows of `monthCsv(month, commissioners)`: 5 parts × (4 functions + C_999) per commissioner. */
export const rowsPerMonth = (commissioners: number): number => commissioners * 5 * 5;

export { monthLabel };

/** Runs the CLI in a child process without blocking the test (so several can run at once). */
export function spawnCliAsync(
  argv: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", `${repoRoot}src/cli/bin.ts`, ...argv],
      {
        cwd: options.cwd ?? repoRoot,
        env: { ...process.env, TZ: "UTC", ...options.env },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** True when this process may mount a tmpfs (root in a container that allows it). */
export function canMountTmpfs(): boolean {
  if (process.platform !== "linux") return false;
  const dir = mkdtempSync(join(tmpdir(), "rationwatch-mount-"));
  try {
    const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]);
    if (r.status !== 0) return false;
    spawnSync("umount", [dir]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Mounts a tmpfs of `size` (e.g. `4m`) at a new folder; returns it and its unmount. */
export function mountTmpfs(size: string, readOnly = false): { dir: string; unmount: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "rationwatch-tmpfs-"));
  mkdirSync(dir, { recursive: true });
  const r = spawnSync("mount", [
    "-t",
    "tmpfs",
    "-o",
    `size=${size}${readOnly ? ",ro" : ""}`,
    "tmpfs",
    dir,
  ]);
  if (r.status !== 0) throw new Error(`mount failed: ${r.stderr.toString()}`);
  return {
    dir,
    unmount: () => {
      spawnSync("umount", [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
