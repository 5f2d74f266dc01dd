// The registry on the web: intervention, policy and scorecard pages, the Restrictions section of
// area pages and the registry's API routes, on the variation fixture with a hand-written registry.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { policyImpact } from "../../src/analysis/policy-impact.ts";
import { parseCsv } from "../../src/csv.ts";
import { buildSite, fileForRoute } from "../../src/server/site.ts";
import { esc } from "../../src/web/html.ts";
import { withoutPngDownloads } from "../../src/web/layout.ts";

import { webFixture, type WebFixture } from "./fixture.ts";
import { registryWebFixture, type RegistryWebFixture } from "./registry-fixture.ts";

let f: RegistryWebFixture;
let plain: WebFixture;
beforeAll(async () => {
  f = await registryWebFixture();
  plain = await webFixture();
}, 120_000);
afterAll(async () => {
  f.store.close();
  plain.store.close();
  await f.registry.close();
});

const get = (path: string) => f.app.request(path);
const text = async (path: string) => {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return res.text();
};
/** Cells of a CSV download, after the one `# SYNTHETIC …` line a download of synthetic data starts with. */
const csvRows = (csv: string) => parseCsv(csv.replace(/^# SYNTHETIC[^\n]*\n/, "").trim());

// Primary hip replacement on 2021-04-30 (the fixture's last day), worked out from the fixture:
// 03R and 02T under West Yorkshire ICB's policy (not commissioned, beyond guidance); 15F's own
// policy (routinely commissioned) overrides the ICB's; 05W prior approval from 2021-04-01 (not
// beyond guidance); 11J's policy withdrawn on 2021-01-01 (no record); 12F no record.
const HIP_HEADLINE =
  "[Synthetic demonstration data] 2 of the 4 areas with a policy on record restrict primary hip replacement beyond NICE or Evidence-Based Interventions guidance (3 restrict it in some way; 2 of 6 areas have no policy on record), on 2021-04-30.";
// Trauma and orthopaedics (C_110), two months: 03R treated 400 + 450, 02T 200, 05W none; 15F 1,300.
const RESTRICTED_RATE = ((850 + 200 + 0) / ((351_592 + 211_439 + 264_873) * 2)) * 1000;
const ROUTINE_RATE = (1300 / (798_786 * 2)) * 1000;

describe("intervention pages", () => {
  it("the index counts the areas restricting each intervention; the nav links to it", async () => {
    const html = await text("/interventions/");
    expect(html).toContain('href="../interventions/hip-replacement/"');
    expect(html).toMatch(
      /Primary hip replacement<\/a\s*>[\s\S]*?2 of 4[\s\S]*?3 of 4[\s\S]*?2 of 6/,
    );
    expect(html).toContain("scorecards/ics-patient-involvement/2025/");
    expect(html).toContain("Synthetic demonstration records");
    const home = await text("/");
    expect(home).toContain('href="interventions/"');
  });

  it("an intervention: headline, status by area (table, map, CSV), the comparison and the proxy's limits", async () => {
    const html = await text("/interventions/hip-replacement/");
    expect(html).toContain(esc(HIP_HEADLINE));
    expect(html).toContain('src="status.svg"');
    expect(html).toContain("Too few areas in a group for an interval: no comparison is drawn.");
    expect(html).toContain("RTT trauma and orthopaedics (C_110) counts every consultant-led");
    expect(html).toContain('href="../../policies/t-QWO-hip/"');
    const csv = csvRows(await (await get("/interventions/hip-replacement/status.csv")).text());
    const head = csv[0] ?? [];
    const status = (code: string) =>
      csv.find((r) => r[head.indexOf("areaCode")] === code)?.[head.indexOf("status")];
    expect(status("03R")).toBe("beyond-guidance");
    expect(status("02T")).toBe("beyond-guidance");
    expect(status("15F")).toBe("not-restricted");
    expect(status("05W")).toBe("restricted");
    expect(status("11J")).toBe("no-record");
    expect(status("12F")).toBe("no-record");
    const svg = await (await get("/interventions/hip-replacement/status.svg")).text();
    expect(svg).toContain("Synthetic demonstration data");
    expect(svg).toContain("No policy on record (2)");
    const comp = csvRows(await (await get("/interventions/hip-replacement/comparison.csv")).text());
    const restricted = comp.find((r) => r[0] === "Restrict") ?? [];
    expect(restricted.slice(1, 4).map(Number)).toEqual([3, 1050, 351_592 + 211_439 + 264_873]);
    expect(Number(restricted[4])).toBeCloseTo(RESTRICTED_RATE, 10);
    const routine = comp.find((r) => r[0] === "Routinely commission") ?? [];
    expect(Number(routine[4])).toBeCloseTo(ROUTINE_RATE, 10);
  });

  it("an intervention: the comparison allowing for need, from the analysis's need-adjusted ratios", async () => {
    const html = await text("/interventions/hip-replacement/");
    const { overlay } = await f.data.overlay("hip-replacement");
    const n = overlay.comparison?.needAdjusted;
    expect(n).toBeTruthy();
    expect(html).toContain("Allowing for need");
    expect(html).toContain(esc(n?.finding ?? "(none)"));
    expect(n?.finding).toMatch(/^Need-adjusted: restricting areas \(3\) treated /);
    const comp = csvRows(
      await (await get("/interventions/hip-replacement/comparison-need-adjusted.csv")).text(),
    );
    const head = comp.find((r) => r[0] === "group") ?? [];
    const restricted = comp.find((r) => r[0] === "Restrict") ?? [];
    // Observed 1,050 (as the crude comparison) against the sum of the three areas' expected counts.
    const expected = overlay.areas
      .filter((a) => ["03R", "02T", "05W"].includes(a.code))
      .reduce((s, a) => s + (a.needAdjustedExpected as number), 0);
    expect(Number(restricted[head.indexOf("observed")])).toBe(1050);
    expect(Number(restricted[head.indexOf("expectedForNeed")])).toBeCloseTo(expected, 9);
    expect(Number(restricted[head.indexOf("needAdjustedRatio")])).toBeCloseTo(1050 / expected, 12);
  });

  it("an intervention without an RTT proxy maps status only and says why", async () => {
    const html = await text("/interventions/continuous-glucose-monitoring/");
    expect(html).toContain("No RTT proxy");
    expect(html).not.toContain("Activity with and without a restriction");
  });

  it("unknown interventions and policies are 404 pages; no registry means no registry pages", async () => {
    expect((await get("/interventions/no-such-thing/")).status).toBe(404);
    expect((await get("/policies/t-nope/")).status).toBe(404);
    const bad = await get("/policies/%3Cscript%3E/");
    expect(bad.status).toBe(404);
    expect(await bad.text()).not.toContain("<script>");
    expect((await plain.app.request("/interventions/")).status).toBe(404);
    expect(await (await plain.app.request("/")).text()).not.toContain("interventions/");
  });
});

describe("policy pages", () => {
  it("the record, its criteria in the policy's words, its source and every version with what changed", async () => {
    const html = await text("/policies/t-03R-hernia/");
    expect(html).toContain("Criteria-based access");
    expect(html).toContain("Patients must have a BMI below 30 kg/m2");
    expect(html).toContain('href="https://example.org/policies/hernia.pdf"');
    expect(html).toContain("threshold lowered in the 2021 review");
    expect(html).toMatch(/criteria\.0\.threshold<\/code>: 35 → 30/);
    expect(html).toContain("In force");
    expect(html).toContain(
      "Too few months on one side of 2020-01 (2 in the window; at least 3 each side are needed): no before/after estimate.",
    );
    // A withdrawn policy is published but not in force.
    const withdrawn = await text("/policies/t-11J-hip/");
    expect(withdrawn).toMatch(/In force<\/dt>\s*<dd[^>]*>no, on 2021-04-30/);
  });
  it("the need-adjusted before/after beside the crude one, as the analysis (and the CLI) gives it", async () => {
    const html = await text("/policies/t-15F-hip/");
    const impact = await policyImpact(f.store, {
      policy: await f.data.policy("t-15F-hip"),
      intervention: await f.data.intervention("hip-replacement"),
      from: "2021-03",
      to: "2021-04",
    });
    expect(impact.needAdjustedFinding).toMatch(/^Need-adjusted: /);
    expect(html).toContain(esc(impact.needAdjustedFinding ?? "(none)"));
    expect(html).toContain("% of England, need-adjusted");
    const csv = csvRows(await (await get("/policies/t-15F-hip/before-after.csv")).text());
    const head = csv.find((r) => r[0] === "month") ?? [];
    const col = head.indexOf("needAdjustedPercentOfEngland");
    expect(col).toBeGreaterThan(0);
    const rows = csv.filter((r) => /^\d{4}-\d{2}$/.test(r[0] ?? ""));
    expect(rows.map((r) => r[0])).toEqual(impact.series.map((p) => p.month));
    rows.forEach((r, i) =>
      expect(Number(r[col])).toBeCloseTo(impact.series[i]?.needAdjustedRelative as number, 10),
    );
  });
});

describe("area pages", () => {
  it("a sub-ICB location lists the policies in force, its ICB's included, with source and history links", async () => {
    const html = await text("/area/03R/");
    const section = html.slice(html.indexOf('id="restrictions"'));
    expect(section).toContain('href="../../policies/t-03R-hernia/#history"');
    expect(section).toContain('href="../../policies/t-QWO-hip/"');
    expect(section).toContain("(the ICB's policy)");
    expect(section).toContain('href="https://example.org/policies/hernia.pdf"');
    const csv = csvRows(await (await get("/area/03R/restrictions.csv")).text());
    const head = csv[0] ?? [];
    const row = (slug: string) => csv.find((r) => r[0] === slug) ?? [];
    expect(row("inguinal-hernia-repair")[head.indexOf("status")]).toBe("beyond-guidance");
    expect(row("hip-replacement")[head.indexOf("policyId")]).toBe("t-QWO-hip");
    expect(row("cataract-surgery")[head.indexOf("status")]).toBe("no-record");
  });

  it("an ICB counts its areas that restrict each intervention", async () => {
    const csv = csvRows(await (await get("/area/QWO/restrictions.csv")).text());
    const head = csv[0] ?? [];
    const row = (slug: string) => csv.find((r) => r[0] === slug) ?? [];
    const pick = (slug: string) =>
      ["areas", "withPolicy", "restrict", "restrictBeyondGuidance", "noPolicyOnRecord"].map((k) =>
        Number(row(slug)[head.indexOf(k)]),
      );
    // 03R and 02T under the ICB's policy, 15F its own routine one.
    expect(pick("hip-replacement")).toEqual([3, 3, 2, 2, 0]);
  });
});

describe("scorecard pages", () => {
  it("a round: ratings by criterion, the share meeting it and the change from the round before", async () => {
    const html = await text("/scorecards/ics-patient-involvement/2025/");
    expect(html).toContain("Change since round 2024");
    const crit = csvRows(
      await (await get("/scorecards/ics-patient-involvement/2025/criteria.csv")).text(),
    );
    const head = crit[0] ?? [];
    const a1 = crit.find((r) => r[head.indexOf("criterion")] === "A1") ?? [];
    // 2025: QWO rated 2 and QVV 3; Good (2) or better meets, so 2 of 2.
    expect(Number(a1[head.indexOf("meeting")])).toBe(2);
    expect(Number(a1[head.indexOf("percentMeeting")])).toBe(100);
    const change = csvRows(
      await (await get("/scorecards/ics-patient-involvement/2025/change.csv")).text(),
    );
    const ch = change.find((r) => r[0] === "A1") ?? [];
    // 2024: 1 of 2 met (50%) → 2025: 100%; both organisations' ratings rose.
    expect(ch.slice(1, 7).map(Number)).toEqual([50, 100, 50, 2, 0, 0]);
    expect(html).toContain("Synthetic demonstration records");
    const first = await text("/scorecards/ics-patient-involvement/2024/");
    expect(first).not.toContain("Change since");
    expect((await get("/scorecards/ics-patient-involvement/2023/")).status).toBe(404);
  });
});

describe("registry API", () => {
  it("interventions, one intervention's overlay, policies by area, one policy's history, scorecards", async () => {
    const list = (await (await get("/api/v1/interventions.json")).json()) as {
      interventions: Array<{ slug: string; counts: Record<string, number> }>;
      registry: { syntheticRecords: boolean };
    };
    const hip = list.interventions.find((i) => i.slug === "hip-replacement");
    expect(hip?.counts).toEqual({
      areas: 6,
      withRecord: 4,
      restricted: 3,
      beyondGuidance: 2,
      noRecord: 2,
    });
    const one = (await (await get("/api/v1/interventions/hip-replacement.json")).json()) as {
      overlay: { headlines: string[]; comparison: { restricted: { rate: number } } };
    };
    expect(one.overlay.headlines[0]).toBe(HIP_HEADLINE);
    expect(one.overlay.comparison.restricted.rate).toBeCloseTo(RESTRICTED_RATE, 12);
    const byArea = (await (await get("/api/v1/policies.json?area=03r")).json()) as {
      policies: Array<{ id: string; inForce: boolean }>;
    };
    expect(byArea.policies.map((p) => p.id).sort()).toEqual(["t-03R-hernia", "t-QWO-hip"]);
    expect(byArea.policies.every((p) => p.inForce)).toBe(true);
    const all = (await (await get("/api/v1/policies.json")).json()) as {
      policies: Array<{ id: string; inForce: boolean }>;
    };
    expect(all.policies.find((p) => p.id === "t-11J-hip")?.inForce).toBe(false);
    const hist = (await (await get("/api/v1/policies/t-03R-hernia.json")).json()) as {
      history: Array<{ version: number; reason: string }>;
    };
    expect(hist.history.map((h) => [h.version, h.reason])).toEqual([
      [1, "first import"],
      [2, "threshold lowered in the 2021 review"],
    ]);
    const rounds = (await (await get("/api/v1/scorecards.json")).json()) as {
      rounds: Array<{ round: string; href: string }>;
    };
    expect(rounds.rounds.map((r) => r.href)).toEqual([
      "scorecards/ics-patient-involvement/2024.json",
      "scorecards/ics-patient-involvement/2025.json",
    ]);
    const r = (await (
      await get("/api/v1/scorecards/ics-patient-involvement/2025.json")
    ).json()) as {
      changeFromPrevious: { previousRound: string };
      registry: { syntheticRecords: boolean };
    };
    expect(r.changeFromPrevious.previousRound).toBe("2024");
    expect(r.registry.syntheticRecords).toBe(true);
  });

  it("bad parameters are 400; the OpenAPI document lists the registry routes only with a registry", async () => {
    const bad = await get("/api/v1/policies.json?area=%3Cb%3E");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      "not an area code",
    );
    expect((await get("/api/v1/policies.json?foo=1")).status).toBe(400);
    expect((await get("/api/v1/interventions/nope.json")).status).toBe(404);
    const doc = (await (await get("/api/v1/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toContain("/api/v1/policies.json");
    const without = (await (await plain.app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(without.paths)).not.toContain("/api/v1/policies.json");
    expect((await plain.app.request("/api/v1/interventions.json")).status).toBe(404);
  });

  it("an edit to the registry shows on the next request (cache keyed on the registry version)", async () => {
    const before = await text("/policies/t-15F-hip/");
    expect(before).toContain("Routinely commissioned");
    const { saveRecords } = await import("../../src/registry/records.ts");
    const { POLICIES } = await import("./registry-fixture.ts");
    await saveRecords(
      f.registry,
      [
        {
          kind: "policy",
          id: "t-15F-hip",
          data: { ...POLICIES.leedsHip, accessRoute: "prior-approval" },
          reviewStatus: "approved",
        },
      ],
      {
        actor: "tester",
        reason: "now needs prior approval",
        now: new Date("2026-01-16T00:00:00Z"),
        changeSet: "edit",
      },
    );
    const after = await text("/policies/t-15F-hip/");
    expect(after).toContain("Prior approval");
    expect(after).toContain("now needs prior approval");
  });
});

describe("static site", () => {
  it("writes the registry's pages and API files, the same bytes as the server", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-site-registry-"));
    try {
      const out = join(dir, "site");
      await buildSite(f.app, f.data, { outDir: out, png: false });
      for (const route of [
        "/interventions/",
        "/interventions/hip-replacement/",
        "/interventions/hip-replacement/status.svg",
        "/policies/t-03R-hernia/",
        "/policies/t-QWO-hip/",
        "/scorecards/",
        "/scorecards/ics-patient-involvement/2025/",
        "/api/v1/interventions.json",
        "/api/v1/interventions/hip-replacement.json",
        "/api/v1/policies.json",
        "/api/v1/policies/t-03R-hernia.json",
        "/api/v1/scorecards/ics-patient-involvement/2024.json",
      ]) {
        let served = Buffer.from(await (await get(route)).arrayBuffer());
        // Built with png: false, the pages offer no PNG downloads.
        if (route.endsWith("/")) served = Buffer.from(withoutPngDownloads(served.toString("utf8")));
        expect(readFileSync(join(out, fileForRoute(route))).equals(served), route).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
