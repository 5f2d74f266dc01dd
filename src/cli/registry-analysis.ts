/** `registry demo`, `registry overlay` and `registry impact`: the registry beside the RTT store. */
import { checkWindow } from "../analysis/options.ts";
import { policyImpact } from "../analysis/policy-impact.ts";
import { restrictionOverlay, type AreaRestriction } from "../analysis/restrictions.ts";
import { MissingDataError, UsageError } from "../errors.ts";
import { addMonths } from "../months.ts";
import type { RegistryDb } from "../registry/db.ts";
import { demoAssessments, demoPolicies } from "../registry/demo.ts";
import { policySchema } from "../registry/policy-schema.ts";
import { saveRecords } from "../registry/records.ts";
import { registryContent, type RegistryContent } from "../registry/registry.ts";
import { assessmentId, assessmentSchema } from "../registry/scorecard-schema.ts";
import { allHeldMonths } from "../store/activity-queries.ts";

import { withReadStore } from "./command.ts";
import type { CliIo } from "./io.ts";
import {
  formatNumber,
  renderCsv,
  renderFormat,
  renderTable,
  type Column,
  type Format,
} from "./output.ts";

/** Adds the synthetic demonstration policies and scorecard rounds (idempotent). */
export async function addDemoRecords(db: RegistryDb, io: CliIo, actor: string) {
  const content = await registryContent(db, true);
  const framework = content.frameworks.find((f) => f.id === "ics-patient-involvement");
  if (!framework)
    throw new MissingDataError("the registry lacks the ics-patient-involvement framework");
  const policies = demoPolicies().map((p) => policySchema.parse(p));
  const assessments = demoAssessments(framework).map((a) => assessmentSchema.parse(a));
  return saveRecords(
    db,
    [
      ...policies.map((p) => ({
        kind: "policy" as const,
        id: p.id,
        data: p,
        reviewStatus: "approved" as const,
      })),
      ...assessments.map((a) => ({
        kind: "assessment" as const,
        id: assessmentId(a),
        data: a,
        reviewStatus: "approved" as const,
      })),
    ],
    {
      actor,
      reason: "synthetic demonstration records (registry demo)",
      now: io.now(),
      changeSet: `demo ${io.now().toISOString()}`,
    },
    "demo",
    { synthetic: true },
  );
}

/** The window: --from/--to, or the store's latest 12 months. */
async function windowOf(store: Parameters<typeof allHeldMonths>[0], from?: string, to?: string) {
  if (from !== undefined && to === undefined) throw new UsageError("--from needs --to");
  let end = to;
  if (end === undefined) {
    const held = await allHeldMonths(store);
    end = held[held.length - 1];
    if (end === undefined) throw new MissingDataError("the store holds no RTT periods");
  }
  return checkWindow(from ?? addMonths(end, -11), end);
}

const STATUS_TEXT: Record<AreaRestriction["status"], string> = {
  "beyond-guidance": "restricts beyond guidance",
  restricted: "restricts",
  "not-restricted": "routinely commissioned",
  "no-record": "no policy on record",
};

export async function runOverlay(
  io: CliIo,
  content: RegistryContent,
  opts: { intervention?: string; from?: string; to?: string; db?: string; format: Format },
): Promise<void> {
  if (opts.intervention === undefined) throw new UsageError("--intervention SLUG is required");
  const intervention = content.interventions.find((i) => i.slug === opts.intervention);
  if (!intervention) {
    throw new UsageError(
      `--intervention: unknown "${opts.intervention}" (one of ${content.interventions.map((i) => i.slug).join(", ")})`,
    );
  }
  const overlay = await withReadStore(io, opts.db, async (store) => {
    const w = await windowOf(store, opts.from, opts.to);
    return restrictionOverlay(store, {
      intervention,
      policies: content.policies,
      from: w.from,
      to: w.to,
    });
  });
  const columns: Column<AreaRestriction>[] = [
    { header: "code", value: (a) => a.code },
    { header: "name", value: (a) => a.name },
    { header: "status", value: (a) => STATUS_TEXT[a.status] },
    { header: "policy", value: (a) => a.policyId },
    { header: "mandatory_criteria", value: (a) => a.criteria || null },
    { header: "rate", value: (a) => a.rate, format: (v) => formatNumber(v, 3) },
    { header: "funnel_adjusted", value: (a) => a.positionAdjusted },
  ];
  io.stdout(
    renderFormat(opts.format, {
      json: () => overlay,
      csv: () => renderCsv(columns, overlay.areas),
      table: () => {
        const lines = [
          ...(overlay.synthetic
            ? ["SYNTHETIC DEMONSTRATION DATA — describes no real commissioner"]
            : []),
          `${intervention.name}: restriction status on ${overlay.asOf}; activity proxy ${overlay.specialtyName ?? "none"} (${overlay.unit ?? "no RTT proxy"})`,
          ...overlay.headlines,
          `Proxy limits: ${intervention.proxyLimits}`,
          ...overlay.unmatched.map((u) => `Not mapped: policy ${u.policyId}: ${u.reason}`),
          "",
        ];
        return `${lines.join("\n")}\n${renderTable(columns, overlay.areas)}`;
      },
    }),
  );
}

export async function runImpact(
  io: CliIo,
  content: RegistryContent,
  opts: { policy: string; from?: string; to?: string; db?: string; format: Format },
): Promise<void> {
  const policy = content.policies.find((p) => p.id === opts.policy);
  if (!policy) throw new MissingDataError(`no approved policy "${opts.policy}" in the registry`);
  const intervention = content.interventions.find((i) => i.slug === policy.intervention);
  if (!intervention)
    throw new MissingDataError(`no intervention "${policy.intervention}" in the registry`);
  const impact = await withReadStore(io, opts.db, async (store) => {
    const w = await windowOf(store, opts.from, opts.to);
    return policyImpact(store, { policy, intervention, from: w.from, to: w.to });
  });
  if (opts.format === "json") {
    io.stdout(`${JSON.stringify(impact, null, 2)}\n`);
    return;
  }
  const head = [
    ...(impact.synthetic ? ["SYNTHETIC DEMONSTRATION DATA — describes no real commissioner"] : []),
    `Policy ${impact.policyId}: ${impact.areaName}, ${intervention.name}, effective ${impact.effectiveMonth}; proxy ${impact.specialtyName}`,
    impact.finding,
    ...(impact.needAdjustedFinding ? [impact.needAdjustedFinding] : []),
    `Proxy limits: ${impact.proxyLimits}`,
    "",
  ];
  const table = renderTable(
    [
      { header: "month", value: (p) => p.month },
      { header: "rate", value: (p) => p.rate, format: (v) => formatNumber(v, 3) },
      { header: "england", value: (p) => p.englandRate, format: (v) => formatNumber(v, 3) },
      { header: "pct_of_england", value: (p) => p.relative, format: (v) => formatNumber(v, 1) },
      {
        header: "need_adjusted_pct",
        value: (p) => p.needAdjustedRelative,
        format: (v) => formatNumber(v, 1),
      },
      { header: "period", value: (p) => (p.after ? "after" : "before") },
    ],
    impact.series,
  );
  io.stdout(`${head.join("\n")}\n${table}\n${impact.method}\n`);
}
