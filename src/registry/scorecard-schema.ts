/** Scorecard frameworks (domains, criteria, rating scale, weights, guidance) and assessments. */
import { z } from "zod";

import { dateSchema, idSchema, sha256Schema, textSchema, urlSchema } from "./common-schema.ts";

const ratingSchema = z.strictObject({
  value: z.number().int().min(0).max(10),
  label: textSchema,
  /** Whether this rating counts as meeting the criterion in "share meeting" summaries. */
  meets: z.boolean(),
});

const frameworkCriterionSchema = z.strictObject({
  id: idSchema,
  text: textSchema,
  weight: z.number().positive(),
  /** Which principle or published domain the criterion rests on. */
  basis: textSchema,
  /** What evidence earns each rating, keyed by rating value. */
  guidance: z.record(z.string().regex(/^\d+$/), textSchema),
});

export const frameworkSchema = z
  .strictObject({
    id: idSchema,
    name: textSchema,
    version: textSchema,
    organisationType: z.enum(["icb"]),
    description: textSchema,
    ratingScale: z.array(ratingSchema).min(2),
    domains: z
      .array(
        z.strictObject({
          id: idSchema,
          name: textSchema,
          weight: z.number().positive(),
          basis: textSchema,
          criteria: z.array(frameworkCriterionSchema).min(1),
        }),
      )
      .min(1),
    sources: z.array(z.strictObject({ title: textSchema, url: urlSchema.nullable() })).min(1),
  })
  .superRefine((f, ctx) => {
    const values = new Set(f.ratingScale.map((r) => String(r.value)));
    const seen = new Set<string>();
    f.domains.forEach((d, di) =>
      d.criteria.forEach((c, ci) => {
        if (seen.has(c.id)) {
          ctx.addIssue({
            code: "custom",
            path: ["domains", di, "criteria", ci, "id"],
            message: `criterion ${c.id} appears twice`,
          });
        }
        seen.add(c.id);
        for (const v of values) {
          if (!(v in c.guidance)) {
            ctx.addIssue({
              code: "custom",
              path: ["domains", di, "criteria", ci, "guidance"],
              message: `no guidance for rating ${v}`,
            });
          }
        }
      }),
    );
  });
export type Framework = z.infer<typeof frameworkSchema>;

/** ICB geographies: 42 ICBs from July 2022, 36 after the April 2026 mergers. */
export const ICB_VINTAGES = ["icb-2022", "icb-2026"] as const;
export type IcbVintage = (typeof ICB_VINTAGES)[number];
/** The first day of the 36-ICB geography. */
export const ICB_2026_FROM = "2026-04-01";

export const ASSESSMENT_STATUSES = ["draft", "second-reviewed", "published", "disputed"] as const;

export const assessmentSchema = z
  .strictObject({
    framework: idSchema,
    organisation: z.strictObject({
      code: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^(Q[0-9A-Z]{2}|E54\d{6})$/, "expected an ICB code (QHM or E54000050)"),
      name: textSchema.nullable().default(null),
      vintage: z.enum(ICB_VINTAGES),
    }),
    /** The assessment round, e.g. `2025` or `2025-26`. */
    round: idSchema,
    criterion: idSchema,
    /** A value from the framework's rating scale; null = not assessable (no evidence found either way). */
    rating: z.number().int().nullable(),
    evidence: z.array(
      z.strictObject({
        url: urlSchema.nullable().default(null),
        archivedSha256: sha256Schema.nullable().default(null),
        quote: textSchema.nullable().default(null),
      }),
    ),
    assessor: textSchema,
    secondReviewer: textSchema.nullable().default(null),
    assessedOn: dateSchema,
    status: z.enum(ASSESSMENT_STATUSES),
    /** The organisation's reply, when it used its right of reply. */
    rightOfReply: z
      .strictObject({ receivedOn: dateSchema, text: textSchema, outcome: textSchema.nullable() })
      .nullable()
      .default(null),
    synthetic: z.boolean().default(false),
  })
  .superRefine((a, ctx) => {
    const expected: IcbVintage = a.assessedOn >= ICB_2026_FROM ? "icb-2026" : "icb-2022";
    if (a.organisation.vintage !== expected) {
      ctx.addIssue({
        code: "custom",
        path: ["organisation", "vintage"],
        message: `assessed on ${a.assessedOn}: the ICBs then are ${expected} (42 before April 2026, 36 after)`,
      });
    }
    if (a.secondReviewer !== null && a.secondReviewer === a.assessor) {
      ctx.addIssue({
        code: "custom",
        path: ["secondReviewer"],
        message: "the second reviewer must be someone other than the assessor",
      });
    }
    if (a.status !== "draft" && a.secondReviewer === null) {
      ctx.addIssue({
        code: "custom",
        path: ["secondReviewer"],
        message: `status ${a.status} needs a second reviewer`,
      });
    }
  });
export type Assessment = z.infer<typeof assessmentSchema>;

/** The id of an assessment: one rating of one criterion for one organisation in one round. */
export const assessmentId = (
  a: Pick<Assessment, "framework" | "round" | "organisation" | "criterion">,
) => `${a.framework}.${a.round}.${a.organisation.code}.${a.criterion}`;
