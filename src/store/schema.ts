import type { Store } from "./db.ts";
import { geoMigrations } from "./geo-schema.ts";
import { rttMigrations } from "./rtt-schema.ts";
import { summaryMigrations } from "./rtt-summary.ts";

/** One schema change, applied once, in order, and recorded in `schema_migration`. */
export interface Migration {
  id: string;
  sql: string;
  /**
   * A store without it still reads correctly (the code falls back), so a read-only reader does not
   * count it as pending; the next write-open applies it.
   */
  optional?: boolean;
}

/** Every migration of every domain, in the order they apply. Append; never edit a shipped one. */
export const migrations: Migration[] = [...rttMigrations, ...geoMigrations, ...summaryMigrations];

export async function migrate(store: Store): Promise<void> {
  await store.run(
    "CREATE TABLE IF NOT EXISTS schema_migration (id VARCHAR PRIMARY KEY, applied_at TIMESTAMP DEFAULT current_timestamp)",
  );
  const done = new Set(
    (await store.all<{ id: string }>("SELECT id FROM schema_migration")).map((r) => r.id),
  );
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    await store.transaction(async () => {
      await store.run(m.sql);
      await store.run("INSERT INTO schema_migration (id) VALUES ($1)", [m.id]);
    });
  }
}
