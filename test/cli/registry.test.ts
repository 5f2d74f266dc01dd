import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { runCli } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "rw-cli-registry-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => join(import.meta.dirname, "../fixtures/registry", name);
const reg = join(dir, "reg");
const cli = (...argv: string[]) => runCli([...argv, "--registry", reg], { cwd: dir });

// Every command opens PGlite afresh (a few seconds each on an idle machine): generous timeouts.
describe("rationwatch registry and scorecard", { timeout: 600_000 }, () => {
  it("a bad file: every problem listed, exit 1, and no registry folder left behind", async () => {
    const r = await cli("registry", "import", fixture("bad-policies.csv"));
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toMatch(
      /^rationwatch registry: .*bad-policies\.csv: 6 problems; nothing was imported$/,
    );
    expect(r.stderr).toContain(
      'bad-policies.csv:3 (column "commissioner_code"): unknown code ZZZ in the sub-icb-2022 geography',
    );
    expect(existsSync(reg)).toBe(false);
  });

  it("usage errors exit 2 and name the problem", async () => {
    expect(await cli("registry", "frobnicate")).toMatchObject({ code: 2 });
    expect((await cli("registry", "list", "--kind", "policy-ish")).stderr).toContain(
      "expected a record kind",
    );
    expect((await cli("registry", "import")).code).toBe(2);
    const empty = join(dir, "empty.csv");
    writeFileSync(empty, "");
    expect((await cli("registry", "import", empty)).stderr).toBe(
      `rationwatch registry: ${empty}: empty file\n`,
    );
  });

  it("imports, lists, shows history, exports, and summarises a scorecard round", async () => {
    const p = await cli("registry", "import", fixture("policies.csv"), "--actor", "analyst");
    expect(p.stdout).toContain("3 records in");
    expect(p.stdout).toContain("3 new, 0 changed (new versions), 0 unchanged");
    const s = await cli("scorecard", "import", fixture("assessments.csv"));
    expect(s.code).toBe(0);
    const wrong = await cli("scorecard", "import", fixture("policies.csv"));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      "holds policies; this command imports framework and assessment records only",
    );
    const list = await cli("registry", "list", "--kind", "policy", "--format", "csv");
    expect(
      list.stdout
        .split("\r\n")
        .filter(Boolean)
        .map((l) => l.split(",")[1]),
    ).toEqual(["id", "test-00L-hernia", "test-03R-hernia", "test-QWO-cataract"]);
    const history = await cli("registry", "history", "policy", "test-03R-hernia");
    expect(history.stdout).toContain("version 1  2026-01-15T12:00:00.000Z  analyst  approved");
    const missing = await cli("registry", "show", "policy", "nope");
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'rationwatch registry: no policy "nope" in the registry\n',
    });
    const out = join(dir, "backup.json");
    expect((await cli("registry", "export", "--out", out)).code).toBe(0);
    const doc = JSON.parse(readFileSync(out, "utf8")) as {
      policies: unknown[];
      synthetic?: string;
    };
    expect(doc.policies).toHaveLength(3);
    expect(doc.synthetic).toMatch(/synthetic/);
    const refused = await cli("registry", "export", "--out", dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("not an earlier export, left alone");
    const summary = await cli("scorecard", "summary", "--round", "2026", "--compare", "2025");
    expect(summary.stdout.split("\n")[0]).toBe("SYNTHETIC DEMONSTRATION DATA");
    expect(summary.stdout).toMatch(/A2\s+50%\s+100%\s+50\s+0\s+1\s+0/);
    const noRound = await cli("scorecard", "summary", "--round", "1999");
    expect(noRound.stderr).toContain(
      'no assessments of ics-patient-involvement in round "1999" (rounds: 2025, 2026)',
    );
  });

  it("registry user add prints the one-time link (and, for an admin, where to set up two-factor)", async () => {
    const r = await cli(
      "registry",
      "user",
      "add",
      "--email",
      "First.Admin@example.org",
      "--role",
      "admin",
      "--url",
      "https://rw.example/",
    );
    expect(r.code).toBe(0);
    const [first, link, mfa] = r.stdout.split("\n");
    expect(first).toMatch(
      /^registry: created the admin account first\.admin@example\.org\. To set its password, open this one-time link \(valid until \d{4}-\d\d-\d\dT[\d:.]+Z; it is not stored and not shown again\):$/,
    );
    expect(link).toMatch(/^https:\/\/rw\.example\/edit\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(mfa).toBe(
      "After logging in, set up two-factor authentication at https://rw.example/edit/mfa: the admin pages need it.",
    );
    const list = await cli("registry", "user", "list");
    expect(list.stdout).toMatch(/first\.admin@example\.org\s+admin\s+invited/);
  });
});
