/**
 * The geography vintages Ration Watch ships. A vintage is a set of reference files plus one entry
 * here: adding a geography (say sub-ICB locations April 2024) means generating its files into
 * data/reference/ and appending an entry; the loader and every query read this list.
 */
import { fileURLToPath } from "node:url";

/** What an area is. `stp` is an STP/ICS of the CCG era (April 2020 – June 2022). */
export type AreaType = "ccg" | "sub-icb" | "stp" | "icb" | "region" | "england";

/** A shipped population table inside a vintage's areas file. */
export interface VintagePopulation {
  year: number;
  /** How figures from it are cited, e.g. `ONS mid-2020 estimates`. */
  label: string;
  /** The geography the estimates were made for. */
  geography: string;
  /** Column of the all-ages count. */
  totalColumn: string;
  /** Age-band columns → band labels (`age_0_17` → `0-17`). */
  bandColumns: Record<string, string>;
}

export interface Vintage {
  id: string;
  /** E.g. `CCG April 2021`; used in citations ("…, CCG April 2021 geography"). */
  label: string;
  commissionerType: "ccg" | "sub-icb";
  parentType: "stp" | "icb";
  /** First and last month (YYYY-MM) the geography was in force; `validTo` null = still in force. */
  validFrom: string;
  validTo: string | null;
  /** Areas file in data/reference: code, ons_code, name, `<parent>_code`, `<parent>_ons_code`, `<parent>_name`, region_name. */
  areasFile: string;
  parentPrefix: "stp" | "icb";
  /** Column of regions.csv with this vintage's ONS region codes (they changed in 2022). */
  regionOnsColumn: string;
  population: VintagePopulation | null;
  /**
   * Geographies (as `population.geography` names them) whose populations this vintage's areas may
   * use besides its own; a population also applies wherever its ONS code is the area's ONS code
   * (ONS gives an area a new code when its boundary changes). Preference in this order.
   */
  populationGeographies: readonly string[];
  /**
   * Map files in data/reference for this vintage, the boundaries they were made from (as a map's
   * source line names them) and the year of their OS copyright.
   */
  boundaries: {
    commissioner: string;
    parent: string;
    region: string;
    source: string;
    year: number;
  };
}

export const VINTAGES: readonly Vintage[] = [
  {
    id: "ccg21",
    label: "CCG April 2021",
    commissionerType: "ccg",
    parentType: "stp",
    validFrom: "2021-04",
    validTo: "2022-06",
    areasFile: "ccg21.csv",
    parentPrefix: "stp",
    regionOnsColumn: "ons_code_2021",
    population: {
      year: 2020,
      label: "ONS mid-2020 estimates",
      geography: "CCG April 2021",
      totalColumn: "population",
      bandColumns: {
        age_0_17: "0-17",
        age_18_35: "18-35",
        age_36_50: "36-50",
        age_51_65: "51-65",
        age_66_plus: "66+",
      },
    },
    populationGeographies: ["CCG April 2021", "CCG"],
    boundaries: {
      commissioner: "ccg21-boundaries.geojson",
      parent: "stp21-boundaries.geojson",
      region: "regions-boundaries.geojson",
      source: "ONS CCGs April 2021 (BSC)",
      year: 2021,
    },
  },
  {
    id: "sicbl22",
    label: "sub-ICB location July 2022",
    commissionerType: "sub-icb",
    parentType: "icb",
    validFrom: "2022-07",
    validTo: "2023-03",
    areasFile: "sub-icb22.csv",
    parentPrefix: "icb",
    regionOnsColumn: "ons_code_2022",
    population: null,
    // Six 2022 boundary changes are small: those areas keep their April 2021 CCG estimates.
    populationGeographies: ["sub-ICB location July 2022", "sub-ICB location", "CCG April 2021"],
    boundaries: {
      // Sub-ICB locations keep their CCG codes; the six 2022 boundary changes are too small to show.
      commissioner: "ccg21-boundaries.geojson",
      parent: "icb22-outlines.geojson",
      region: "regions-boundaries.geojson",
      source: "ONS CCGs April 2021 (BSC), the six small July 2022 boundary changes not shown",
      year: 2022,
    },
  },
  {
    id: "sicbl23",
    label: "sub-ICB location April 2023",
    commissionerType: "sub-icb",
    parentType: "icb",
    // The April 2024 and April 2025 sets are the same 106 locations in 42 ICBs (ONS).
    validFrom: "2023-04",
    validTo: "2026-03",
    areasFile: "sub-icb23.csv",
    parentPrefix: "icb",
    regionOnsColumn: "ons_code_2022",
    population: {
      year: 2022,
      label: "ONS mid-2022 estimates",
      geography: "sub-ICB location April 2023",
      totalColumn: "population",
      bandColumns: {},
    },
    populationGeographies: ["sub-ICB location April 2023", "sub-ICB location", "SICBL 2023"],
    boundaries: {
      commissioner: "sicbl23-boundaries.geojson",
      parent: "sicbl23-icbs.geojson",
      region: "sicbl23-regions.geojson",
      source: "ONS sub-ICB locations April 2023 (BSC)",
      year: 2023,
    },
  },
  {
    id: "sicbl26",
    label: "sub-ICB location April 2026",
    commissionerType: "sub-icb",
    parentType: "icb",
    // 36 ICBs: Frimley abolished and split, six mergers; 92A, D9Y0V new boundaries, U2G6B new.
    validFrom: "2026-04",
    validTo: null,
    areasFile: "sub-icb26.csv",
    parentPrefix: "icb",
    regionOnsColumn: "ons_code_2022",
    population: {
      year: 2022,
      label: "ONS mid-2022 estimates",
      geography: "sub-ICB location April 2026",
      totalColumn: "population",
      bandColumns: {},
    },
    populationGeographies: ["sub-ICB location April 2026", "sub-ICB location", "SICBL 2026"],
    boundaries: {
      // ONS publishes no April 2026 sub-ICB boundaries: the three changed areas are drawn from the
      // April 2023 shapes clipped to ONS's April 2026 ICBs (scripts/reference-boundaries.ts).
      commissioner: "sicbl26-boundaries.geojson",
      parent: "sicbl26-icbs.geojson",
      region: "sicbl26-regions.geojson",
      source:
        "ONS sub-ICB locations April 2023 and ICBs April 2026 (BSC); 92A, D9Y0V and U2G6B are April 2023 shapes clipped to their April 2026 ICB",
      year: 2026,
    },
  },
];

/** Files every vintage shares. */
export const SHARED_FILES = {
  regions: "regions.csv",
  nonGeographic: "non-geographic.csv",
  crosswalk: "crosswalk.csv",
  /** Registered and need-weighted denominators by sub-ICB location (any vintage, by ONS code). */
  populations: "populations.csv",
} as const;

/** `data/reference/` of this installation (the same from `src/geo/` and `dist/geo/`). */
export function defaultReferenceDir(): string {
  return fileURLToPath(new URL("../../data/reference/", import.meta.url));
}

/**
 * The vintage in force in a month. Months before the first vintage use the first one (April 2021
 * CCGs): codes that match are treated with that geography, other codes show as unknown.
 */
export function vintageForMonth(month: string): Vintage {
  const first = VINTAGES[0] as Vintage;
  if (month < first.validFrom) return first;
  const v = VINTAGES.find(
    (x) => month >= x.validFrom && (x.validTo === null || month <= x.validTo),
  );
  return v ?? (VINTAGES[VINTAGES.length - 1] as Vintage);
}

/** A vintage by id; undefined when none. */
export function findVintage(id: string): Vintage | undefined {
  return VINTAGES.find((v) => v.id === id);
}
