/**
 * Registry routes → page views: interventions (index and one per intervention), policy records
 * with their history, scorecard rounds, and the Restrictions section of area pages. Reads the
 * registry and the activity through `SiteData`; renders with the pure functions of `web/`.
 */
import type { RestrictionOverlay } from "../analysis/restrictions.ts";
import { compareRounds, scorecardSummary } from "../analysis/scorecard.ts";
import { isAppError, MissingDataError } from "../errors.ts";
import { publishedFindings } from "../registry/facts.ts";
import type { Policy } from "../registry/policy-schema.ts";
import type { RegistryContent } from "../registry/registry.ts";
import { OS_ATTRIBUTION, rateSource } from "../report/words.ts";
import type { AreaRestrictions } from "../web/area-restrictions.ts";
import {
  interventionsIndexView,
  interventionView,
  type ScorecardRoundLink,
} from "../web/interventions.ts";
import { policyView } from "../web/policy.ts";
import { scorecardsIndexView, scorecardView } from "../web/scorecards.ts";
import { PHONE_MAP, statusMapChart } from "../web/status-map.ts";
import type { PageContext, PageView } from "../web/types.ts";

import type { AreaEntry, SiteData } from "./data.ts";

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function checkId(what: string, id: string): string {
  if (!ID.test(id)) {
    throw new MissingDataError(`"${id.slice(0, 40)}" is not a registry ${what} id`);
  }
  return id;
}

/** Every round of every framework, oldest first, with its organisation count. */
export function scorecardRounds(content: RegistryContent): ScorecardRoundLink[] {
  return content.frameworks.flatMap((f) => {
    const rounds = [
      ...new Set(content.assessments.filter((a) => a.framework === f.id).map((a) => a.round)),
    ].sort();
    return rounds.map((round) => {
      const s = scorecardSummary(f, content.assessments, round);
      return {
        framework: f.id,
        frameworkName: f.name,
        round,
        organisations: s.organisations,
        synthetic: s.synthetic,
      };
    });
  });
}

/** Whether `p` is in force on `day` (effective, not withdrawn, not superseded by one in force). */
export function inForceOn(p: Policy, all: Policy[], day: string): boolean {
  const live = (q: Policy) =>
    (q.effectiveDate === null || q.effectiveDate <= day) &&
    (q.withdrawnDate === null || q.withdrawnDate > day);
  if (!live(p)) return false;
  return !(p.supersededBy && all.some((q) => q.id === p.supersededBy && live(q)));
}

function countsOf(areas: RestrictionOverlay["areas"]): RestrictionOverlay["counts"] {
  return {
    areas: areas.length,
    withRecord: areas.filter((a) => a.status !== "no-record").length,
    restricted: areas.filter((a) => a.status === "beyond-guidance" || a.status === "restricted")
      .length,
    beyondGuidance: areas.filter((a) => a.status === "beyond-guidance").length,
    noRecord: areas.filter((a) => a.status === "no-record").length,
  };
}

/** The Restrictions section of an area page; null when the site has no registry. */
export async function areaRestrictions(
  data: SiteData,
  area: AreaEntry,
): Promise<AreaRestrictions | null> {
  if (!data.hasRegistry) return null;
  const content = await data.registryContent();
  const overlays = [];
  for (const i of content.interventions) overlays.push(await data.overlay(i.slug));
  const asOf = overlays[0]?.overlay.asOf ?? "";
  if (area.level === "commissioner") {
    const policies = overlays.map(({ intervention, overlay }) => {
      const a = overlay.areas.find((x) => x.code === area.code);
      const policy = content.policies.find((p) => p.id === a?.policyId) ?? null;
      return {
        slug: intervention.slug,
        name: intervention.name,
        status: a?.status ?? ("no-record" as const),
        policy,
        criteria: a?.criteria ?? "",
      };
    });
    return {
      asOf,
      policies,
      within: null,
      synthetic: policies.some((p) => p.policy?.synthetic),
    };
  }
  const icbs =
    area.level === "icb" ? new Set([area.code]) : new Set((await data.area(area.code)).children);
  const within = overlays.map(({ intervention, overlay }) => {
    const areas = overlay.areas.filter((a) => a.icbCode !== null && icbs.has(a.icbCode));
    return { slug: intervention.slug, name: intervention.name, counts: countsOf(areas), areas };
  });
  return {
    asOf,
    policies: null,
    within,
    synthetic: within.some((w) => w.areas.some((a) => a.synthetic)),
  };
}

/** The view of a registry page, or null when `first` is not a registry route. */
export async function registryPageView(
  data: SiteData,
  first: string,
  rest: string[],
  ctx: PageContext,
): Promise<PageView | null> {
  if (!["interventions", "policies", "scorecards"].includes(first)) return null;
  const content = await data.registryContent();
  if (first === "interventions" && rest.length === 0) {
    const interventions = [];
    for (const i of content.interventions) {
      const { overlay } = await data.overlay(i.slug);
      interventions.push({
        intervention: i,
        counts: overlay.counts,
        asOf: overlay.asOf,
        synthetic: overlay.areas.some((a) => a.synthetic),
      });
    }
    return interventionsIndexView(
      { interventions, rounds: scorecardRounds(content), findings: publishedFindings() },
      ctx,
    );
  }
  if (first === "interventions" && rest.length === 1) {
    const { intervention, overlay, noActivity } = await data.overlay(
      checkId("intervention", rest[0] as string),
    );
    const boundaries = await data.boundaries();
    const synthetic = overlay.areas.some((a) => a.synthetic);
    const meta = {
      source: `Status: Ration Watch restrictions registry${synthetic ? " (synthetic demonstration records)" : ""}.${noActivity === null && overlay.source ? ` Activity: ${rateSource(overlay.source.populationVintage).replace(/^Source: /, "")}` : ""}`,
      synthetic: synthetic || ctx.meta.synthetic,
    };
    const b = { ...boundaries, attribution: boundaries.attribution ?? OS_ATTRIBUTION };
    return interventionView(
      {
        intervention,
        overlay,
        noActivity,
        map: statusMapChart(overlay, b, meta),
        phoneMap: statusMapChart(overlay, b, meta, PHONE_MAP),
      },
      ctx,
    );
  }
  if (first === "policies" && rest.length === 1) {
    const policy = await data.policy(checkId("policy", rest[0] as string));
    const intervention = await data.intervention(policy.intervention);
    const [{ overlay }, areas, history] = await Promise.all([
      data.overlay(intervention.slug),
      data.areas(),
      data.registry().history("policy", policy.id),
    ]);
    const a = areas.get(policy.commissioner.code);
    let impact = null;
    let noImpact: string | null = null;
    if (intervention.rttTreatmentFunction === null) noImpact = intervention.proxyLimits;
    else if (policy.effectiveDate === null)
      noImpact = "The record gives no effective date: there is no before and after.";
    else if (!a) noImpact = `${policy.commissioner.code} is not an area of the current geography.`;
    else {
      try {
        impact = await data.policyImpact(policy, intervention);
      } catch (e) {
        if (!isAppError(e)) throw e;
        noImpact = e.message;
      }
    }
    return policyView(
      {
        policy,
        intervention,
        area: a ? { code: a.code, name: a.name } : null,
        inForce: inForceOn(policy, content.policies, overlay.asOf),
        asOf: overlay.asOf,
        history,
        impact,
        noImpact,
      },
      ctx,
    );
  }
  if (first === "scorecards" && rest.length === 0) {
    return scorecardsIndexView(
      { frameworks: content.frameworks, rounds: scorecardRounds(content) },
      ctx,
    );
  }
  if (first === "scorecards" && rest.length === 2) {
    const [fid, round] = rest as [string, string];
    const framework = content.frameworks.find((f) => f.id === fid);
    if (!framework)
      throw new MissingDataError(`the registry has no scorecard framework "${fid.slice(0, 40)}"`);
    const rounds = scorecardRounds(content)
      .filter((r) => r.framework === fid)
      .map((r) => r.round);
    const i = rounds.indexOf(round);
    if (i < 0) {
      throw new MissingDataError(
        `no round "${round.slice(0, 40)}" of ${fid} (rounds: ${rounds.join(", ") || "none"})`,
      );
    }
    const previous = i > 0 ? (rounds[i - 1] as string) : null;
    return scorecardView(
      {
        framework,
        summary: scorecardSummary(framework, content.assessments, round),
        comparison: previous
          ? compareRounds(framework, content.assessments, previous, round)
          : null,
      },
      ctx,
    );
  }
  throw new MissingDataError("there is no page at this address");
}
