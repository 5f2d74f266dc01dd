/**
 * The registry as the rest of the program sees it: open (PGlite folder or DATABASE_URL server,
 * seeded with the shipped vocabulary and framework on first use), import a file all-or-nothing,
 * read current records, history and the audit log. Plain functions over a `RegistryDb`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { InputFileError, ValidationError } from "../errors.ts";

import type { RecordKind } from "./common-schema.ts";
import { openRegistryDb, type RegistryDb } from "./db.ts";
import { registryDataDir } from "./geography.ts";
import { interventionSchema, type Intervention } from "./intervention-schema.ts";
import { policySchema, type Policy } from "./policy-schema.ts";
import { readRegistryFile } from "./read-file.ts";
import { currentRecords, saveRecords, type WriteContext, type WriteSummary } from "./records.ts";
import {
  assessmentSchema,
  frameworkSchema,
  type Assessment,
  type Framework,
} from "./scorecard-schema.ts";
import { validateTables, type KnownRecords } from "./validate.ts";

export interface OpenOptions {
  /** PGlite folder; default `./rationwatch-registry`. */
  path?: string;
  /** PostgreSQL server instead of PGlite. */
  databaseUrl?: string;
  /** The clock, for the seed's audit entry. */
  now: Date;
}

/** The actor recorded for the shipped reference data. */
export const SEED_ACTOR = "rationwatch (shipped reference data)";

/** Opens the registry; a new one is seeded with the shipped vocabulary and framework. */
export async function openRegistry(options: OpenOptions): Promise<RegistryDb> {
  const db = await openRegistryDb(options);
  try {
    await seedIfEmpty(db, options.now);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

/** Opens, runs `fn`, closes. */
export async function withRegistry<T>(
  options: OpenOptions,
  fn: (db: RegistryDb) => Promise<T>,
): Promise<T> {
  const db = await openRegistry(options);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** The shipped reference records: interventions and scorecard frameworks (data/registry/). */
export function shippedRecords(): { interventions: Intervention[]; frameworks: Framework[] } {
  const read = (name: string) =>
    JSON.parse(readFileSync(join(registryDataDir(), name), "utf8")) as unknown[];
  return {
    interventions: read("interventions.json").map((x) => interventionSchema.parse(x)),
    frameworks: read("frameworks.json").map((x) => frameworkSchema.parse(x)),
  };
}

async function seedIfEmpty(db: RegistryDb, now: Date): Promise<void> {
  const [row] = await db.query<{ n: number }>("SELECT count(*)::integer AS n FROM audit_log");
  if ((row?.n ?? 0) > 0) return;
  const shipped = shippedRecords();
  await saveRecords(
    db,
    [
      ...shipped.interventions.map((d) => ({
        kind: "intervention" as const,
        id: d.slug,
        data: d,
        reviewStatus: "approved" as const,
        baseVersion: 0,
      })),
      ...shipped.frameworks.map((d) => ({
        kind: "framework" as const,
        id: d.id,
        data: d,
        reviewStatus: "approved" as const,
        baseVersion: 0,
      })),
    ],
    {
      actor: SEED_ACTOR,
      reason: "shipped reference data (data/registry/)",
      now,
      changeSet: "seed",
    },
    "seed",
  );
}

export interface ImportOptions extends Omit<WriteContext, "changeSet"> {
  /** Only these kinds may be imported (scorecard import: frameworks and assessments). */
  kinds?: readonly RecordKind[];
}

/**
 * Imports a CSV, XLSX, JSON file or a folder of CSVs: validates everything first and writes all of
 * it in one transaction, or throws a ValidationError listing every problem and writes nothing.
 */
export async function importRegistryFile(
  db: RegistryDb,
  path: string,
  display: string,
  options: ImportOptions,
): Promise<WriteSummary & { records: number }> {
  const tables = await readRegistryFile(path, display);
  if (options.kinds) {
    const wrong = tables.find((t) => !options.kinds?.includes(t.layout.kind));
    if (wrong) {
      throw new InputFileError(
        { file: wrong.file },
        `holds ${wrong.layout.name}; this command imports ${options.kinds.join(" and ")} records only`,
      );
    }
  }
  const { records, issues } = validateTables(tables, await knownRecords(db));
  if (issues.length > 0) throw new ValidationError(display, issues);
  const summary = await saveRecords(
    db,
    records.map((r) => ({ kind: r.kind, id: r.id, data: r.data, reviewStatus: r.reviewStatus })),
    {
      actor: options.actor,
      reason: options.reason,
      now: options.now,
      changeSet: `import ${options.now.toISOString()} ${display}`,
    },
    "import",
    { file: display, records: records.length },
  );
  return { ...summary, records: records.length };
}

export async function knownRecords(db: RegistryDb): Promise<KnownRecords> {
  const all = await currentRecords(db);
  return {
    interventions: new Set(all.filter((r) => r.kind === "intervention").map((r) => r.id)),
    policies: new Set(all.filter((r) => r.kind === "policy").map((r) => r.id)),
    frameworks: new Map(
      all.filter((r) => r.kind === "framework").map((r) => [r.id, frameworkSchema.parse(r.data)]),
    ),
  };
}

/** The registry's current content, typed (approved records only unless `all`). */
export interface RegistryContent {
  interventions: Intervention[];
  policies: Policy[];
  frameworks: Framework[];
  assessments: Assessment[];
}

export async function registryContent(db: RegistryDb, all = false): Promise<RegistryContent> {
  const rows = (await currentRecords(db)).filter((r) => all || r.reviewStatus === "approved");
  const of = <T>(kind: RecordKind, parse: (x: unknown) => T) =>
    rows.filter((r) => r.kind === kind).map((r) => parse(r.data));
  return {
    interventions: of("intervention", (x) => interventionSchema.parse(x)),
    policies: of("policy", (x) => policySchema.parse(x)),
    frameworks: of("framework", (x) => frameworkSchema.parse(x)),
    assessments: of("assessment", (x) => assessmentSchema.parse(x)),
  };
}
