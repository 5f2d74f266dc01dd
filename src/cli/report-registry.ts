/** What `report --registry` adds: an overlay per intervention with policies, scorecards, findings. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";

import { restrictionOverlay } from "../analysis/restrictions.ts";
import { scorecardSummary } from "../analysis/scorecard.ts";
import { MissingDataError } from "../errors.ts";
import { publishedFindings } from "../registry/facts.ts";
import { registryContent } from "../registry/registry.ts";
import type { RestrictionsInput } from "../report/restrictions-section.ts";
import type { Store } from "../store/db.ts";

import type { CliIo } from "./io.ts";
import { withReadRegistry } from "./registry-open.ts";

/**
 * Reads the registry (`--registry PATH`; `--registry database-url` for the DATABASE_URL server) and
 * computes the report's restrictions input over the report's window.
 */
export async function restrictionsInput(
  io: CliIo,
  store: Store,
  flag: string,
  window: { from: string; to: string; seed?: number },
): Promise<RestrictionsInput> {
  if (flag !== "database-url" && !existsSync(resolve(io.cwd, flag))) {
    throw new MissingDataError(
      `no registry at ${flag} (create one with 'rationwatch registry import' or 'registry demo')`,
    );
  }
  const content = await withReadRegistry(io, flag === "database-url" ? undefined : flag, (db) =>
    registryContent(db),
  );
  const overlays = [];
  for (const intervention of content.interventions) {
    if (!content.policies.some((p) => p.intervention === intervention.slug)) continue;
    if (intervention.rttTreatmentFunction === null) continue;
    overlays.push(
      await restrictionOverlay(store, { intervention, policies: content.policies, ...window }),
    );
  }
  const scorecards = content.frameworks.flatMap((f) => {
    const rounds = [
      ...new Set(content.assessments.filter((a) => a.framework === f.id).map((a) => a.round)),
    ].sort();
    const last = rounds[rounds.length - 1];
    return last === undefined ? [] : [scorecardSummary(f, content.assessments, last)];
  });
  return { overlays, findings: publishedFindings(), scorecards };
}
