/** The OpenAPI 3.1 document of `/api/v1` (served at `/api/v1/openapi.json`). */
import { TREND_NEEDS_TWO_MONTHS } from "../analysis/trend.ts";
import type { SiteMeta } from "../web/types.ts";

const json = (description: string) => ({
  description,
  content: { "application/json": { schema: { type: "object" } } },
});
const errors = {
  "400": json("A bad parameter: `{ error: { status, message } }`"),
  "404": json("No such area, indicator or route"),
};
const param = (name: string, where: "path" | "query", description: string, values?: string[]) => ({
  name,
  in: where,
  required: where === "path",
  description,
  schema: values ? { type: "string", enum: values } : { type: "string" },
});

/**
 * The document. The registry's routes (interventions, policies, scorecards) are listed when the
 * site has a registry; without one they answer 404.
 */
export function openApiDocument(meta: SiteMeta): object {
  const level = param("level", "query", "Only this level", ["commissioner", "icb", "region"]);
  const doc = {
    openapi: "3.1.0",
    info: {
      title: "Ration Watch open API",
      version: "1",
      description: `Planned NHS care by area of England from NHS England's Referral to Treatment data: rates per 1,000 with intervals in the tidy shape (indicator, areaCode, areaName, areaType, parentCode, period, count, denominator, value, lower95, upper95, lower998, upper998, comparedToEngland). Data to ${meta.latestMonth}, data version ${meta.dataVersion}.${meta.synthetic ? " Synthetic demonstration data, not real NHS figures." : ""}`,
      license: {
        name: "Open Government Licence v3.0 (data); MIT (code)",
        url: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
      },
    },
    servers: [{ url: "./" }],
    paths: {
      "/api/v1/metadata.json": {
        get: {
          summary: "Sources, licence, vintage, measures, specialties, levels, windows",
          responses: { "200": json("Metadata") },
        },
      },
      "/api/v1/methodology.json": {
        get: {
          summary: "The method behind each figure",
          responses: { "200": json("Method text") },
        },
      },
      "/api/v1/areas.json": {
        get: {
          summary: "Every area with parent and children",
          parameters: [level],
          responses: { "200": json("Areas"), ...errors },
        },
      },
      "/api/v1/areas/{code}.json": {
        get: {
          summary: "One area",
          parameters: [param("code", "path", "ODS code, e.g. 03R, QWO, Y63")],
          responses: { "200": json("The area"), ...errors },
        },
      },
      "/api/v1/indicators.json": {
        get: {
          summary: "Indicators and their value files",
          responses: { "200": json("Indicators") },
        },
      },
      "/api/v1/values/{measure}/{specialty}.json": {
        get: {
          summary: "Tidy rows of one indicator, every level and window",
          parameters: [
            param("measure", "path", "Measure", ["admitted", "non-admitted", "clock-starts"]),
            param("specialty", "path", "all or a treatment function code", [
              "all",
              "C_100",
              "C_110",
              "C_320",
            ]),
            param("area", "query", "Only this area (England's row is kept for comparison)"),
            level,
            param("period", "query", "Only this window id, e.g. 2023-04-2024-03"),
          ],
          responses: { "200": json("Rows"), ...errors },
        },
      },
      "/api/v1/values/{measure}/{specialty}.csv": {
        get: {
          summary:
            'The same rows as CSV, with completeness and incompleteReason (an area is incomplete, unranked and not compared, when a provider that normally treats its patients did not submit, or submitted far less than in its neighbouring months) and source and licence columns; from demo data its first line is "# SYNTHETIC DEMONSTRATION DATA: …"',
          responses: { "200": { description: "CSV", content: { "text/csv": {} } }, ...errors },
        },
      },
      "/api/v1/trend/{code}.json": {
        get: {
          summary: `An area's monthly series with SPC signals; empty, with a note ("${TREND_NEEDS_TWO_MONTHS}"), when the latest month held has no month before it`,
          responses: { "200": json("Rows"), ...errors },
        },
      },
      "/api/v1/waits/{level}.json": {
        get: {
          summary: "Waiting times in the latest month at one level",
          responses: { "200": json("Rows"), ...errors },
        },
      },
      "/api/v1/interventions.json": {
        get: {
          summary:
            "Restrictions registry: every intervention with the number of areas restricting it, its RTT proxy and headlines; the published findings",
          responses: { "200": json("Interventions"), ...errors },
        },
      },
      "/api/v1/interventions/{slug}.json": {
        get: {
          summary:
            "One intervention: each sub-ICB area's restriction status and activity in the proxy specialty, and the comparison of areas that restrict with areas that do not",
          parameters: [param("slug", "path", "Intervention slug, e.g. inguinal-hernia-repair")],
          responses: { "200": json("Overlay"), ...errors },
        },
      },
      "/api/v1/policies.json": {
        get: {
          summary: "Approved policy records, each with whether it is in force",
          parameters: [
            param(
              "area",
              "query",
              "Only policies that apply to this area: its own and, for a sub-ICB location, its ICB's (live server only)",
            ),
          ],
          responses: { "200": json("Policies"), ...errors },
        },
      },
      "/api/v1/policies/{id}.json": {
        get: {
          summary: "One policy record and every version of it, with what changed",
          parameters: [param("id", "path", "Policy id")],
          responses: { "200": json("Policy and history"), ...errors },
        },
      },
      "/api/v1/scorecards.json": {
        get: {
          summary: "Scorecard frameworks and their assessment rounds",
          responses: { "200": json("Frameworks and rounds"), ...errors },
        },
      },
      "/api/v1/scorecards/{framework}/{round}.json": {
        get: {
          summary:
            "One round: ratings by domain and criterion, the share meeting each criterion, organisations' scores, and the change from the previous round",
          parameters: [
            param("framework", "path", "Framework id, e.g. ics-patient-involvement"),
            param("round", "path", "Round, e.g. 2025"),
          ],
          responses: { "200": json("Round summary"), ...errors },
        },
      },
      "/api/v1/places.json": {
        get: {
          summary: "Areas and GP practices for search suggestions",
          responses: { "200": json("Places") },
        },
      },
      "/api/v1/practices.json": {
        get: {
          summary:
            "Every GP practice with the area it counts under (null when none), every area's name, and formerCodes: the split or abolished codes (such as Frimley's D4U1Y) that have a page saying where their areas went. The 'your area' search as one file (static sites search with it)",
          responses: { "200": json("Practices and areas") },
        },
      },
    },
  };
  if (!meta.registryVersion) {
    const paths = doc.paths as Record<string, unknown>;
    for (const k of Object.keys(paths)) {
      if (/^\/api\/v1\/(interventions|policies|scorecards)/.test(k)) delete paths[k];
    }
  }
  return doc;
}
