/** The intervention vocabulary: what a policy restricts and how activity stands in for it. */
import { z } from "zod";

import { idSchema, textSchema, urlSchema } from "./common-schema.ts";

const citationSchema = z.strictObject({
  title: textSchema,
  url: urlSchema.nullable().default(null),
});

export const interventionSchema = z.strictObject({
  slug: idSchema,
  name: textSchema,
  /** NHS England / Academy of Medical Royal Colleges Evidence-Based Interventions entry, if any. */
  ebi: z
    .strictObject({ list: textSchema, intervention: textSchema, url: urlSchema.nullable() })
    .nullable()
    .default(null),
  /** OPCS-4 procedure code groups (e.g. `T20`), where openly published. */
  opcs4: z.array(z.string().regex(/^[A-Z]\d{2}(\.\d)?$/, "expected an OPCS-4 code such as T20")),
  /** ICD-10 diagnosis code groups (e.g. `K40`), where openly published. */
  icd10: z.array(z.string().regex(/^[A-Z]\d{2}(\.\d)?$/, "expected an ICD-10 code such as K40")),
  /** Where the code groups come from. */
  codesSource: textSchema.nullable().default(null),
  /** RTT treatment function used as the activity proxy (`C_100`), or null when RTT cannot show it. */
  rttTreatmentFunction: z
    .string()
    .regex(/^C_\d{3}$/, "expected a treatment function code such as C_100")
    .nullable(),
  /** What the proxy counts beyond the intervention, and what it misses. */
  proxyLimits: textSchema,
  nice: citationSchema.nullable().default(null),
  sources: z.array(citationSchema).default([]),
});
export type Intervention = z.infer<typeof interventionSchema>;
