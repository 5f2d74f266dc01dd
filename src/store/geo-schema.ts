import type { Migration } from "./schema.ts";

/**
 * Geography tables (docs/data-sources.md). A *vintage* is one geography in force over a span of
 * months (CCGs April 2021, sub-ICB locations July 2022…); `area` holds every area of every vintage
 * keyed by (vintage, type, code) with codes as ODS codes (`03R`, `QWO`, `Y63`), `population` the
 * denominators keyed by ODS code, year and basis (ONS `resident` estimates or GP `registered` lists),
 * `non_geographic_code` the commissioners with no population and why, `code_crosswalk` code changes.
 * `reference_vintage` records which shipped files (by checksum) are loaded.
 */
export const geoMigrations: Migration[] = [
  {
    id: "geo-001",
    sql: `
      CREATE TABLE reference_vintage (
        id VARCHAR PRIMARY KEY,
        label VARCHAR NOT NULL,
        valid_from VARCHAR,
        valid_to VARCHAR,
        files VARCHAR NOT NULL,
        checksum VARCHAR NOT NULL,
        loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
      );
      CREATE TABLE area (
        vintage VARCHAR NOT NULL,
        code VARCHAR NOT NULL,
        ons_code VARCHAR,
        name VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        parent_code VARCHAR,
        region_name VARCHAR,
        valid_from VARCHAR NOT NULL,
        valid_to VARCHAR,
        PRIMARY KEY (vintage, type, code)
      );
      CREATE TABLE population (
        area_code VARCHAR NOT NULL,
        year INTEGER NOT NULL,
        basis VARCHAR NOT NULL,
        age_band VARCHAR NOT NULL,
        count BIGINT NOT NULL,
        source_code VARCHAR,
        geography VARCHAR NOT NULL,
        label VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        checksum VARCHAR,
        loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (area_code, year, basis, age_band)
      );
      CREATE TABLE non_geographic_code (
        code VARCHAR PRIMARY KEY,
        name VARCHAR,
        kind VARCHAR NOT NULL,
        reason VARCHAR NOT NULL
      );
      CREATE TABLE code_crosswalk (
        old_code VARCHAR NOT NULL,
        new_code VARCHAR NOT NULL,
        from_month VARCHAR NOT NULL,
        note VARCHAR,
        source VARCHAR NOT NULL,
        loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (old_code, from_month)
      );
    `,
  },
  {
    // Populations of the same area code and year on two boundary sets (92A on the April 2023 and
    // April 2026 sub-ICB boundaries): the geography joins the key. Sub-ICB locations carry the
    // place they cover ("Wakefield" for 03R).
    id: "geo-002",
    sql: `
      CREATE TABLE population_v2 (
        area_code VARCHAR NOT NULL,
        year INTEGER NOT NULL,
        basis VARCHAR NOT NULL,
        age_band VARCHAR NOT NULL,
        count BIGINT NOT NULL,
        source_code VARCHAR,
        geography VARCHAR NOT NULL,
        label VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        checksum VARCHAR,
        loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (area_code, year, basis, age_band, geography)
      );
      INSERT INTO population_v2 SELECT * FROM population;
      DROP TABLE population;
      ALTER TABLE population_v2 RENAME TO population;
      ALTER TABLE area ADD COLUMN place VARCHAR;
      DELETE FROM reference_vintage;
    `,
  },
];
