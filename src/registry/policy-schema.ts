/** A commissioning policy record: who restricts what, how, on what evidence, verified by whom. */
import { z } from "zod";

import { dateSchema, idSchema, sourceSchema, textSchema } from "./common-schema.ts";

/** How patients reach the intervention under a policy. */
export const ACCESS_ROUTES = [
  "routinely-commissioned",
  "criteria-based-access",
  "prior-approval",
  "individual-funding-request-only",
  "not-commissioned",
] as const;
export type AccessRoute = (typeof ACCESS_ROUTES)[number];

/** The criteria a policy can impose. */
export const CRITERION_TYPES = [
  "bmi",
  "smoking",
  "pain-function-score",
  "visual-acuity",
  "second-eye",
  "waiting-period",
  "conservative-treatment",
  "hba1c",
  "haemoglobin",
  "other",
] as const;

export const COMPARATORS = ["<", "<=", "=", ">=", ">"] as const;

/** Geography vintages a commissioner code can be given in. */
export const GEOGRAPHY_VINTAGES = [
  "ccg-2018",
  "ccg-2019",
  "ccg-2020",
  "ccg-2021",
  "sub-icb-2022",
  "icb-2022",
  "icb-2026",
] as const;
export type GeographyVintage = (typeof GEOGRAPHY_VINTAGES)[number];

export const criterionSchema = z
  .strictObject({
    type: z.enum(CRITERION_TYPES),
    /** What is measured: `BMI`, `Oxford Hip Score`, `visual acuity (logMAR)`, `weeks of conservative treatment`. */
    measure: textSchema.nullable().default(null),
    comparator: z.enum(COMPARATORS).nullable().default(null),
    threshold: z.number().finite().nullable().default(null),
    unit: textSchema.nullable().default(null),
    requirement: z.enum(["mandatory", "advisory"]),
    /** The policy's exact words. */
    wording: textSchema,
  })
  .refine((c) => (c.comparator === null) === (c.threshold === null), {
    message: "comparator and threshold go together: give both or neither",
    path: ["threshold"],
  });
export type Criterion = z.infer<typeof criterionSchema>;

export const policySchema = z
  .strictObject({
    id: idSchema,
    commissioner: z.strictObject({
      code: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^([0-9A-Z]{3,5}|E\d{8})$/, "expected an ODS code (03R) or ONS code (E38000001)"),
      name: textSchema.nullable().default(null),
      level: z.enum(["ccg", "sub-icb", "icb"]),
      vintage: z.enum(GEOGRAPHY_VINTAGES),
    }),
    intervention: idSchema,
    accessRoute: z.enum(ACCESS_ROUTES),
    criteria: z.array(criterionSchema),
    /** Whether the policy goes beyond NICE / EBI guidance, and how. */
    departsFromGuidance: z.enum(["yes", "no", "unclear"]),
    departure: textSchema.nullable().default(null),
    source: sourceSchema,
    effectiveDate: dateSchema.nullable().default(null),
    reviewDate: dateSchema.nullable().default(null),
    withdrawnDate: dateSchema.nullable().default(null),
    supersededBy: idSchema.nullable().default(null),
    verifiedBy: textSchema.nullable().default(null),
    verifiedOn: dateSchema.nullable().default(null),
    /** True for generated demonstration records: every output built from them says so. */
    synthetic: z.boolean().default(false),
    notes: textSchema.nullable().default(null),
  })
  .superRefine((p, ctx) => {
    const level = p.commissioner.level;
    const vintage = p.commissioner.vintage;
    if (!vintage.startsWith(level === "sub-icb" ? "sub-icb" : level)) {
      ctx.addIssue({
        code: "custom",
        path: ["commissioner", "vintage"],
        message: `vintage ${vintage} is not a ${level} geography`,
      });
    }
    if (p.departsFromGuidance === "yes" && p.departure === null) {
      ctx.addIssue({ code: "custom", path: ["departure"], message: "say how it departs" });
    }
    if (p.source.url === null && p.source.foiReference === null && !p.synthetic) {
      ctx.addIssue({
        code: "custom",
        path: ["source", "url"],
        message: "a policy needs a source document URL or an FOI reference",
      });
    }
    if (p.withdrawnDate && p.effectiveDate && p.withdrawnDate < p.effectiveDate) {
      ctx.addIssue({
        code: "custom",
        path: ["withdrawnDate"],
        message: "withdrawn before it took effect",
      });
    }
    if (
      p.accessRoute === "routinely-commissioned" &&
      p.criteria.some((c) => c.requirement === "mandatory")
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["accessRoute"],
        message: "a routinely commissioned policy has no mandatory criteria",
      });
    }
    if (p.supersededBy === p.id) {
      ctx.addIssue({ code: "custom", path: ["supersededBy"], message: "cannot supersede itself" });
    }
  });
export type Policy = z.infer<typeof policySchema>;

/** A policy restricts access unless the intervention is routinely commissioned. */
export const isRestrictive = (p: Pick<Policy, "accessRoute">): boolean =>
  p.accessRoute !== "routinely-commissioned";
