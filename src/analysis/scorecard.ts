/**
 * Scorecard summaries (pure): ratings by domain and criterion, the share of organisations meeting
 * each criterion, organisations' weighted scores, and changes between two rounds. Draft
 * assessments are left out and counted.
 */
import type { Assessment, Framework } from "../registry/scorecard-schema.ts";

export interface CriterionSummary {
  domainId: string;
  criterionId: string;
  text: string;
  /** Organisations with a rating (not null). */
  rated: number;
  /** Organisations assessed but not assessable (rating null). */
  notRated: number;
  /** Count of each rating value, by value. */
  ratings: Record<string, number>;
  /** Rated organisations whose rating meets the criterion (per the framework's scale). */
  meeting: number;
  /** meeting ÷ rated × 100; null when none rated. */
  pctMeeting: number | null;
}

export interface DomainSummary {
  domainId: string;
  name: string;
  weight: number;
  /** Weighted mean of rating ÷ top rating over the domain's rated criteria and organisations, × 100. */
  score: number | null;
  pctMeeting: number | null;
}

export interface OrganisationScore {
  code: string;
  name: string | null;
  /** Weighted score 0–100 over rated criteria (domain weight × criterion weight). */
  score: number | null;
  criteriaRated: number;
  criteriaMeeting: number;
}

export interface ScorecardSummary {
  framework: string;
  frameworkName: string;
  round: string;
  vintages: string[];
  organisations: number;
  /** Assessments counted (not draft), and drafts left out. */
  assessments: number;
  draftsExcluded: number;
  disputed: number;
  synthetic: boolean;
  criteria: CriterionSummary[];
  domains: DomainSummary[];
  scores: OrganisationScore[];
  method: string;
}

export const SCORECARD_METHOD =
  "Each organisation's rating of each criterion in the round (draft assessments excluded). Share meeting = organisations rated at a level the framework counts as meeting ÷ organisations rated. Scores = weighted mean of rating ÷ top of scale (weights: domain × criterion), × 100, over rated criteria only.";

/** Summarises one round of one framework. */
export function scorecardSummary(
  framework: Framework,
  assessments: Assessment[],
  round: string,
): ScorecardSummary {
  const inRound = assessments.filter((a) => a.framework === framework.id && a.round === round);
  const counted = inRound.filter((a) => a.status !== "draft");
  const top = Math.max(...framework.ratingScale.map((s) => s.value));
  const meets = new Set(framework.ratingScale.filter((s) => s.meets).map((s) => s.value));
  const weightOf = new Map<string, number>();
  const criteria: CriterionSummary[] = [];
  const domains: DomainSummary[] = [];
  for (const d of framework.domains) {
    let wSum = 0;
    let wScore = 0;
    let rated = 0;
    let meeting = 0;
    for (const c of d.criteria) {
      weightOf.set(c.id, d.weight * c.weight);
      const rows = counted.filter((a) => a.criterion === c.id);
      const ratedRows = rows.filter((a) => a.rating !== null);
      const ratings: Record<string, number> = {};
      for (const s of framework.ratingScale) ratings[String(s.value)] = 0;
      for (const a of ratedRows) ratings[String(a.rating)] = (ratings[String(a.rating)] ?? 0) + 1;
      const m = ratedRows.filter((a) => meets.has(a.rating as number)).length;
      criteria.push({
        domainId: d.id,
        criterionId: c.id,
        text: c.text,
        rated: ratedRows.length,
        notRated: rows.length - ratedRows.length,
        ratings,
        meeting: m,
        pctMeeting: ratedRows.length > 0 ? (m / ratedRows.length) * 100 : null,
      });
      for (const a of ratedRows) {
        wSum += c.weight;
        wScore += (c.weight * (a.rating as number)) / top;
      }
      rated += ratedRows.length;
      meeting += m;
    }
    domains.push({
      domainId: d.id,
      name: d.name,
      weight: d.weight,
      score: wSum > 0 ? (wScore / wSum) * 100 : null,
      pctMeeting: rated > 0 ? (meeting / rated) * 100 : null,
    });
  }
  const byOrg = new Map<string, Assessment[]>();
  for (const a of counted)
    byOrg.set(a.organisation.code, [...(byOrg.get(a.organisation.code) ?? []), a]);
  const scores: OrganisationScore[] = [...byOrg.entries()]
    .map(([code, rows]) => {
      const rated = rows.filter((a) => a.rating !== null && weightOf.has(a.criterion));
      const w = rated.reduce((s, a) => s + (weightOf.get(a.criterion) as number), 0);
      const sc = rated.reduce(
        (s, a) => s + ((weightOf.get(a.criterion) as number) * (a.rating as number)) / top,
        0,
      );
      return {
        code,
        name: rows.find((a) => a.organisation.name !== null)?.organisation.name ?? null,
        score: w > 0 ? (sc / w) * 100 : null,
        criteriaRated: rated.length,
        criteriaMeeting: rated.filter((a) => meets.has(a.rating as number)).length,
      };
    })
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.code.localeCompare(b.code));
  return {
    framework: framework.id,
    frameworkName: framework.name,
    round,
    vintages: [...new Set(counted.map((a) => a.organisation.vintage))].sort(),
    organisations: byOrg.size,
    assessments: counted.length,
    draftsExcluded: inRound.length - counted.length,
    disputed: counted.filter((a) => a.status === "disputed").length,
    synthetic: inRound.some((a) => a.synthetic),
    criteria,
    domains,
    scores,
    method: SCORECARD_METHOD,
  };
}

export interface CriterionChange {
  criterionId: string;
  pctBefore: number | null;
  pctAfter: number | null;
  /** Percentage points; null when either round has no ratings. */
  change: number | null;
  /** Organisations rated in both rounds (same code) whose rating went up, down or stayed. */
  improved: number;
  worsened: number;
  same: number;
}

export interface RoundComparison {
  before: ScorecardSummary;
  after: ScorecardSummary;
  criteria: CriterionChange[];
  /** Set when the rounds use different ICB geographies (42 → 36 ICBs): only shares compare. */
  geographyNote: string | null;
}

/** Compares two rounds: shares meeting each criterion and per-organisation rating changes. */
export function compareRounds(
  framework: Framework,
  assessments: Assessment[],
  before: string,
  after: string,
): RoundComparison {
  const a = scorecardSummary(framework, assessments, before);
  const b = scorecardSummary(framework, assessments, after);
  const ratingOf = (round: string) => {
    const m = new Map<string, number>();
    for (const x of assessments) {
      if (
        x.framework === framework.id &&
        x.round === round &&
        x.status !== "draft" &&
        x.rating !== null
      ) {
        m.set(`${x.organisation.code}\u0000${x.criterion}`, x.rating);
      }
    }
    return m;
  };
  const ra = ratingOf(before);
  const rb = ratingOf(after);
  const criteria = a.criteria.map((c, i): CriterionChange => {
    const after_ = b.criteria[i] as CriterionSummary;
    let improved = 0;
    let worsened = 0;
    let same = 0;
    for (const [key, r0] of ra) {
      if (!key.endsWith(`\u0000${c.criterionId}`)) continue;
      const r1 = rb.get(key);
      if (r1 === undefined) continue;
      if (r1 > r0) improved++;
      else if (r1 < r0) worsened++;
      else same++;
    }
    return {
      criterionId: c.criterionId,
      pctBefore: c.pctMeeting,
      pctAfter: after_.pctMeeting,
      change:
        c.pctMeeting !== null && after_.pctMeeting !== null
          ? after_.pctMeeting - c.pctMeeting
          : null,
      improved,
      worsened,
      same,
    };
  });
  const va = a.vintages.join(", ");
  const vb = b.vintages.join(", ");
  return {
    before: a,
    after: b,
    criteria,
    geographyNote:
      va !== vb
        ? `Round ${before} rates ${va} organisations and round ${after} ${vb}: the ICBs changed (42 before April 2026, 36 after), so only shares are compared; organisation-level changes count only codes present in both.`
        : null,
  };
}
