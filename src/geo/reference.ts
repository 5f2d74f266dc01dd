/**
 * Loads the shipped reference geography (data/reference/) into the store on first use. Idempotent:
 * `reference_vintage` records the checksum of the files each vintage came from, and a vintage is
 * reloaded only when its files change (or a new vintage is added to VINTAGES).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { parseCsvRecords } from "../csv.ts";
import { MissingDataError } from "../errors.ts";
import type { Store } from "../store/db.ts";
import {
  deleteCrosswalkSource,
  loadedVintages,
  replaceNonGeographicCodes,
  replaceReferenceVintage,
  upsertCrosswalk,
  type AreaRecord,
  type PopulationRecord,
} from "../store/geo-queries.ts";

import { defaultReferenceDir, SHARED_FILES, VINTAGES, type Vintage } from "./vintages.ts";

export interface ReferenceOptions {
  /** Directory holding the reference files; defaults to the installed `data/reference/`. */
  referenceDir?: string;
}

const ENGLAND = { code: "ENG", onsCode: "E92000001", name: "England" };
const SHARED_ID = "codes";
const loaded = new WeakMap<Store, Promise<void>>();

const sha256 = (parts: string[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex");
};

function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), "utf8");
}

/** Areas (England, regions, parents, commissioners) and shipped populations of one vintage. */
function vintageRows(
  v: Vintage,
  areasText: string,
  regionsText: string,
): { areas: AreaRecord[]; populations: PopulationRecord[] } {
  const base = { vintage: v.id, validFrom: v.validFrom, validTo: v.validTo };
  const regions = parseCsvRecords(regionsText);
  const regionCode = new Map(regions.map((r) => [r.name, r.ods_code ?? null]));
  const areas: AreaRecord[] = [
    { ...base, ...ENGLAND, type: "england", parentCode: null, regionName: null },
    ...regions.map((r) => ({
      ...base,
      code: r.ods_code ?? "",
      onsCode: r[v.regionOnsColumn] ?? null,
      name: r.name ?? "",
      type: "region",
      parentCode: ENGLAND.code,
      regionName: r.name ?? null,
    })),
  ];
  const rows = parseCsvRecords(areasText);
  const parents = new Map<string, AreaRecord>();
  const p = v.parentPrefix;
  for (const r of rows) {
    const parentCode = r[`${p}_code`] ?? "";
    const regionName = r.region_name ?? null;
    if (!parents.has(parentCode)) {
      parents.set(parentCode, {
        ...base,
        code: parentCode,
        onsCode: r[`${p}_ons_code`] ?? null,
        name: r[`${p}_name`] ?? "",
        type: v.parentType,
        parentCode: regionCode.get(regionName ?? "") ?? null,
        regionName,
      });
    }
    areas.push({
      ...base,
      code: r.code ?? "",
      onsCode: r.ons_code ?? null,
      name: r.name ?? "",
      type: v.commissionerType,
      parentCode,
      regionName,
      place: r.place || null,
    });
  }
  areas.push(...parents.values());

  const populations: PopulationRecord[] = [];
  const pop = v.population;
  if (pop) {
    for (const r of rows) {
      const bands: Array<[string, string]> = [
        ["all", pop.totalColumn],
        ...Object.entries(pop.bandColumns).map(([col, band]): [string, string] => [band, col]),
      ];
      for (const [band, col] of bands) {
        populations.push({
          areaCode: r.code ?? "",
          year: pop.year,
          basis: "resident",
          ageBand: band,
          count: Number(r[col]),
          sourceCode: r.ons_code ?? null,
          geography: pop.geography,
          label: pop.label,
          source: `data/reference/${v.areasFile}`,
          checksum: null,
        });
      }
    }
  }
  return { areas, populations };
}

/** Registered and need-weighted denominators shipped in populations.csv. */
function sharedPopulations(text: string): PopulationRecord[] {
  return parseCsvRecords(text).map((r) => ({
    areaCode: r.area_code ?? "",
    year: Number(r.year),
    basis: r.basis as PopulationRecord["basis"],
    ageBand: "all",
    count: Number(r.count),
    sourceCode: r.ons_code || null,
    geography: r.geography ?? "",
    label: r.label ?? "",
    source: `data/reference/${SHARED_FILES.populations}`,
    checksum: null,
  }));
}

async function load(store: Store, dir: string): Promise<void> {
  const have = new Map((await loadedVintages(store)).map((r) => [r.id, r.checksum]));
  const regionsText = read(dir, SHARED_FILES.regions);
  const pending: Array<() => Promise<void>> = [];
  for (const v of VINTAGES) {
    const areasText = read(dir, v.areasFile);
    const checksum = sha256([areasText, regionsText]);
    if (have.get(v.id) === checksum) continue;
    pending.push(async () => {
      const { areas, populations } = vintageRows(v, areasText, regionsText);
      const record = {
        id: v.id,
        label: v.label,
        validFrom: v.validFrom,
        validTo: v.validTo,
        files: `data/reference/${v.areasFile}`,
        checksum,
      };
      await replaceReferenceVintage(store, record, areas, populations);
    });
  }
  const codesText = read(dir, SHARED_FILES.nonGeographic);
  const crosswalkText = read(dir, SHARED_FILES.crosswalk);
  const populationsText = read(dir, SHARED_FILES.populations);
  const codesChecksum = sha256([codesText, crosswalkText, populationsText]);
  if (have.get(SHARED_ID) !== codesChecksum) {
    pending.push(async () => {
      await replaceNonGeographicCodes(
        store,
        parseCsvRecords(codesText).map((r) => ({
          code: r.code ?? "",
          name: r.name || null,
          kind: r.kind ?? "",
          reason: r.reason ?? "",
        })),
      );
      const source = `data/reference/${SHARED_FILES.crosswalk}`;
      await deleteCrosswalkSource(store, source);
      await upsertCrosswalk(
        store,
        parseCsvRecords(crosswalkText).map((r) => ({
          oldCode: r.old_code ?? "",
          newCode: r.new_code ?? "",
          fromMonth: r.from_month ?? "",
          note: r.note || null,
          source,
        })),
      );
      await replaceReferenceVintage(
        store,
        {
          id: SHARED_ID,
          label:
            "Non-geographic commissioner codes, code crosswalk, registered and need-weighted populations",
          validFrom: null,
          validTo: null,
          files: `data/reference/${SHARED_FILES.populations}`,
          checksum: codesChecksum,
        },
        [],
        sharedPopulations(populationsText),
      );
    });
  }
  if (pending.length === 0) return;
  try {
    await store.transaction(async () => {
      for (const step of pending) await step();
    });
  } catch (e) {
    if (e instanceof Error && /read-only mode/.test(e.message)) {
      throw new MissingDataError(
        `the store at ${store.path} has no reference geography loaded yet and is open read-only: run 'rationwatch areas --db ${store.path}' once to load it`,
      );
    }
    throw e;
  }
}

/**
 * Makes sure the store holds the shipped reference geography (CCGs April 2021, sub-ICB locations
 * July 2022, regions, non-geographic codes, crosswalk, mid-2020 populations); loads what is missing
 * or changed in one transaction. Cheap after the first call on a store.
 */
export async function ensureReferenceLoaded(
  store: Store,
  options: ReferenceOptions = {},
): Promise<void> {
  let done = loaded.get(store);
  if (!done) {
    done = load(store, options.referenceDir ?? defaultReferenceDir());
    loaded.set(store, done);
    done.catch(() => loaded.delete(store));
  }
  await done;
}
