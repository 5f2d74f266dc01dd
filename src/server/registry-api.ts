/**
 * The registry's API routes under `/api/v1/`: interventions (with each area's restriction status
 * and the activity comparison), policies (filterable by area on the server), one policy with its
 * history, scorecard rounds (summary and change from the previous round). Read-only JSON.
 */
import { compareRounds, scorecardSummary } from "../analysis/scorecard.ts";
import { MissingDataError } from "../errors.ts";
import { publishedFindings } from "../registry/facts.ts";

import { about, allowOnly } from "./api-common.ts";
import type { SiteData } from "./data.ts";
import { checkCode } from "./pages.ts";
import { inForceOn, scorecardRounds } from "./registry-pages.ts";

const REGISTRY_LICENCE =
  "Ration Watch registry records: each cites its own source; the registry's compilation is released under the Open Government Licence v3.0 terms of its sources where they apply.";

/** The body of a registry route, or null when `path` is not one. */
export async function registryApiResponse(
  data: SiteData,
  path: string,
  query: URLSearchParams,
): Promise<unknown | null> {
  const isRegistry = /^(interventions|policies|scorecards)(\.json$|\/)/.test(path);
  if (!isRegistry) return null;
  const meta = await data.meta();
  const content = await data.registryContent();
  const head = (synthetic: boolean) => ({
    ...about(meta),
    registry: {
      version: meta.registryVersion,
      records: "approved records only",
      note: REGISTRY_LICENCE,
      syntheticRecords: synthetic,
      ...(synthetic
        ? {
            notice:
              "Synthetic demonstration records: they describe no real commissioner or ICB. Do not quote them.",
          }
        : {}),
    },
  });
  if (path === "interventions.json") {
    allowOnly(query, []);
    const interventions = [];
    let synthetic = false;
    for (const i of content.interventions) {
      const { overlay, noActivity } = await data.overlay(i.slug);
      synthetic ||= overlay.areas.some((a) => a.synthetic);
      interventions.push({
        ...i,
        statusOn: overlay.asOf,
        counts: overlay.counts,
        headlines: overlay.headlines,
        noActivity,
        href: `interventions/${i.slug}.json`,
      });
    }
    return { ...head(synthetic), interventions, publishedFindings: publishedFindings() };
  }
  const one = /^interventions\/([^/]+)\.json$/.exec(path);
  if (one) {
    allowOnly(query, []);
    const slug = one[1] as string;
    const { intervention, overlay, noActivity } = await data.overlay(slug);
    return {
      ...head(overlay.areas.some((a) => a.synthetic)),
      intervention,
      noActivity,
      overlay,
    };
  }
  if (path === "policies.json") {
    allowOnly(query, ["area"]);
    const given = query.get("area");
    const asOf = (await data.overlay(content.interventions[0]?.slug ?? "")).overlay.asOf;
    let policies = content.policies;
    if (given !== null) {
      const code = checkCode(given);
      const area = await data.area(code);
      const codes = new Set([
        code,
        ...(area.level === "commissioner" && area.parentCode ? [area.parentCode] : []),
      ]);
      policies = policies.filter((p) => codes.has(p.commissioner.code));
    }
    return {
      ...head(policies.some((p) => p.synthetic)),
      statusOn: asOf,
      policies: policies.map((p) => ({
        ...p,
        inForce: inForceOn(p, content.policies, asOf),
        href: `policies/${p.id}.json`,
      })),
    };
  }
  const policy = /^policies\/([^/]+)\.json$/.exec(path);
  if (policy) {
    allowOnly(query, []);
    const p = await data.policy(policy[1] as string);
    const asOf = (await data.overlay(p.intervention)).overlay.asOf;
    return {
      ...head(p.synthetic),
      statusOn: asOf,
      policy: { ...p, inForce: inForceOn(p, content.policies, asOf) },
      history: await data.registry().history("policy", p.id),
    };
  }
  if (path === "scorecards.json") {
    allowOnly(query, []);
    const rounds = scorecardRounds(content);
    return {
      ...head(rounds.some((r) => r.synthetic)),
      frameworks: content.frameworks,
      rounds: rounds.map((r) => ({ ...r, href: `scorecards/${r.framework}/${r.round}.json` })),
    };
  }
  const round = /^scorecards\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (round) {
    allowOnly(query, []);
    const [, fid, r] = round as unknown as [string, string, string];
    const framework = content.frameworks.find((f) => f.id === fid);
    if (!framework)
      throw new MissingDataError(`the registry has no scorecard framework "${fid.slice(0, 40)}"`);
    const rounds = scorecardRounds(content)
      .filter((x) => x.framework === fid)
      .map((x) => x.round);
    const i = rounds.indexOf(r);
    if (i < 0) throw new MissingDataError(`no round "${r.slice(0, 40)}" of ${fid}`);
    const summary = scorecardSummary(framework, content.assessments, r);
    const previous = i > 0 ? (rounds[i - 1] as string) : null;
    return {
      ...head(summary.synthetic),
      summary,
      changeFromPrevious: previous
        ? (({ before: _b, after: _a, ...rest }) => ({ previousRound: previous, ...rest }))(
            compareRounds(framework, content.assessments, previous, r),
          )
        : null,
    };
  }
  throw new MissingDataError(`no API route /api/v1/${path.slice(0, 80)}`);
}
