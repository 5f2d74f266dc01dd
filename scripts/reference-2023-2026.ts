// Sub-ICB geography April 2023 – March 2026 and from April 2026, commissioning hubs from ODS, and
// the denominators (ONS mid-2022 resident, GP registered, NHS England need-weighted) for
// data/reference/, built by scripts/build-reference.ts from ../shared/data/raw (see SOURCES.md).
import { formatCsv, parseCsv, parseCsvRecords } from "../src/csv.ts";

/** Raw text of the inputs this module reads (checked by sha256 in build-reference.ts). */
export interface Inputs2023 {
  /** ONS mid-2022 populations on the 2023–2026 sub-ICB boundary sets. */
  populationSubIcb: string;
  /** Per vintage: sub-ICB ONS and ODS codes, names, ICB ONS codes and names (IMD 2025 file). */
  imdSubIcb: string;
  /** ONS ICB names and codes, December 2024 (`ICB24CD, ICB24CDH, ICB24NM`). */
  icbNames2024: string;
  /** ODS commissioners (headerless, 27 columns): CCGs, sub-ICB locations, reporting entities, hubs. */
  eccg: string;
  /** NHS Digital GP registered patients by sub-ICB (quinary age), extracts of 2025. */
  gpRegistered: string;
  /** GP practice → sub-ICB map for the same extracts. */
  gpPracticeMap: string;
  /** NHS England weighted populations by practice: allocation year → file text. */
  weighted: Record<number, string>;
}

/**
 * ODS codes of the ICBs created on 1 April 2026, by their ONS code: the `Commissioner Parent Org
 * Code` of their sub-ICB locations in NHS England's April 2026 RTT extract
 * (`nhs-england-rtt-2026-04/`; test/geo/real-2026.test.ts checks every pair against the file).
 * Hampshire and Isle of Wight kept its ODS code (QRL) but took a new ONS code with Frimley's part.
 */
const ICB_ODS_2026: Record<string, string> = {
  E54000065: "S1Y5D", // Central East
  E54000066: "D7T5G", // Essex
  E54000067: "QRL", // Hampshire and Isle of Wight (with part of Frimley)
  E54000068: "T6Y0W", // Norfolk and Suffolk
  E54000069: "S9B9J", // Surrey and Sussex
  E54000070: "S0E4D", // Thames Valley
  E54000071: "Z9B2Z", // West and North London
};

/**
 * Places of sub-ICB codes that have none in the April 2021 CCG names: U2G6B, new in April 2026,
 * is the Berkshire part of the abolished Frimley ICB (its ODS sub-ICB reporting entities are
 * Bracknell Forest, Slough, and Windsor and Maidenhead, all under Frimley, QNQ).
 */
const NEW_PLACES: Record<string, string> = { U2G6B: "East Berkshire" };

/** Places whose April 2021 CCG name no longer describes the area from April 2026. */
const PLACES_2026: Record<string, string> = {
  "92A": "Surrey", // Surrey Heartlands with Surrey Heath and part of Farnham from Frimley
  D9Y0V: "Hampshire, Southampton and Isle of Wight", // with North East Hampshire from Frimley
};

/**
 * Frimley (D4U1Y) was abolished on 1 April 2026. Its GP practices go to the April 2026 sub-ICB
 * location of their local authority (the practice's `LTLA21` in the allocation file): Berkshire →
 * U2G6B (Thames Valley), Surrey districts → 92A (Surrey and Sussex), Hampshire districts → D9Y0V
 * (Hampshire and Isle of Wight) — the ONS 2026 estimates agree (U2G6B 441,286 = the three
 * Berkshire authorities).
 */
const FRIMLEY = "D4U1Y";
const FRIMLEY_2026_BY_LA: Record<string, string> = {
  "Bracknell Forest": "U2G6B",
  Slough: "U2G6B",
  "Windsor and Maidenhead": "U2G6B",
  "Surrey Heath": "92A",
  Waverley: "92A",
  Runnymede: "92A",
  Rushmoor: "D9Y0V",
  Hart: "D9Y0V",
};
/** Codes whose April 2026 boundary differs from April 2023 (new ONS codes). */
const CHANGED_2026 = ["92A", "D9Y0V", "U2G6B"];

const ODS_HUB_ROLE = "RO218";
const ODS_REPORTING_ENTITY_ROLE = "RO327";

/** `SOUTH WEST - H&J COMMISSIONING HUB` → `South West - H&J Commissioning Hub`. */
export function properCase(upper: string): string {
  const small = new Set(["and", "of", "the", "on", "upon", "in"]);
  return upper
    .toLowerCase()
    .split(/(\s+|-)/)
    .map((w, i) => {
      if (w === "h&j") return "H&J";
      if (/^(sub|icb|nhs)$/.test(w)) return w === "sub" ? "Sub" : w.toUpperCase();
      if (i > 0 && small.has(w)) return w;
      return w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join("");
}

/** Why a hub or reporting entity is not an area (DESIGN §2 "Areas"). */
function hubReason(name: string): { kind: string; reason: string } {
  if (/H&J/.test(name)) {
    return {
      kind: "hub",
      reason:
        "NHS England health and justice commissioning hub: prisons and secure settings, not a resident population",
    };
  }
  if (/^NATIONAL/.test(name)) {
    return {
      kind: "hub",
      reason:
        "NHS England national commissioning hub (specialised services): commissions for all of England, not a resident population",
    };
  }
  return {
    kind: "hub",
    reason:
      "NHS England regional commissioning hub (specialised services and direct commissioning for its region): overlaps its areas' populations",
  };
}

/** Commissioning hubs and sub-ICB reporting entities open in the ODS file, with their reasons. */
export function odsNonGeographic(eccg: string): Array<[string, string, string, string]> {
  const out: Array<[string, string, string, string]> = [];
  for (const r of parseCsv(eccg)) {
    const [code = "", name = ""] = r;
    const closed = r[11] ?? "";
    const role = r[13] ?? "";
    if (closed !== "") continue;
    if (role === ODS_HUB_ROLE) {
      const { kind, reason } = hubReason(name);
      out.push([code, properCase(name), kind, reason]);
    } else if (role === ODS_REPORTING_ENTITY_ROLE) {
      out.push([
        code,
        properCase(name),
        "reporting-entity",
        "ODS sub-ICB reporting entity (a reporting subdivision of an ICB from 2024, not an ONS sub-ICB location): no population of its own",
      ]);
    }
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

interface SubIcbRow {
  code: string;
  ons_code: string;
  name: string;
  place: string;
  icb_code: string;
  icb_ons_code: string;
  icb_name: string;
  region_name: string;
  population: string;
}

/**
 * One sub-ICB vintage (`2023` = April 2023 – March 2026 — the 2024 and 2025 sets are the same 106
 * locations in 42 ICBs —, `2026` = from April 2026, 36 ICBs) with ONS mid-2022 populations.
 */
function subIcbVintage(
  input: Inputs2023,
  vintage: "2023" | "2026",
  places: Map<string, string>,
  regionOfCode: Map<string, string>,
): SubIcbRow[] {
  const icbOds = new Map(
    parseCsvRecords(input.icbNames2024).map((r) => [r.ICB24CD ?? "", r.ICB24CDH ?? ""]),
  );
  for (const [ons, ods] of Object.entries(ICB_ODS_2026)) icbOds.set(ons, ods);
  const total = new Map<string, number>();
  for (const r of parseCsvRecords(input.populationSubIcb)) {
    if (r.sicbl_vintage === vintage && r.denominator === "total") {
      total.set(r.sicbl_code ?? "", Number(r.population));
    }
  }
  const rows = new Map<string, SubIcbRow>();
  for (const r of parseCsvRecords(input.imdSubIcb)) {
    if (r.sicbl_vintage !== vintage) continue;
    const code = r.sicbl_nhs_code ?? "";
    if (rows.has(code)) continue;
    const icbOns = r.icb_code ?? "";
    const icbCode = icbOds.get(icbOns);
    if (!icbCode) throw new Error(`no ODS code for ICB ${icbOns} (${vintage})`);
    const pop = total.get(r.sicbl_code ?? "");
    if (pop === undefined) throw new Error(`no mid-2022 population for ${r.sicbl_code}`);
    const place =
      (vintage === "2026" ? PLACES_2026[code] : undefined) ?? places.get(code) ?? NEW_PLACES[code];
    if (!place) throw new Error(`no place name for sub-ICB ${code}`);
    // U2G6B takes the region of Frimley (D4U1Y), whose Berkshire part it is.
    const region = regionOfCode.get(code) ?? (code === "U2G6B" ? regionOfCode.get("D4U1Y") : "");
    if (!region) throw new Error(`no region for sub-ICB ${code}`);
    rows.set(code, {
      code,
      ons_code: r.sicbl_code ?? "",
      name: r.sicbl_name ?? "",
      place,
      icb_code: icbCode,
      icb_ons_code: icbOns,
      icb_name: r.icb_name ?? "",
      region_name: region,
      population: String(pop),
    });
  }
  const out = [...rows.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  if (out.length !== 106) throw new Error(`${vintage}: ${out.length} sub-ICB locations, not 106`);
  return out;
}

interface PopulationRow {
  area_code: string;
  ons_code: string;
  basis: string;
  year: string;
  geography: string;
  label: string;
  count: string;
}

/**
 * Registered patients (all ages, both sexes) per sub-ICB location at the latest 2025 extract; for
 * the three areas whose boundary changed in April 2026, the 2023-boundary count plus Frimley's
 * registered patients apportioned by its practices' share of the allocation file's registered
 * population (`pop 2022/23`) in each part.
 */
function registered(input: Inputs2023, ons2026: Map<string, string>): PopulationRow[] {
  const rows = parseCsvRecords(input.gpRegistered).filter(
    (r) => r.ORG_TYPE === "SUB_ICB_LOCATION_CODE" && r.SEX === "ALL" && r.AGE_GROUP_5 === "ALL",
  );
  const latest = rows.reduce(
    (m, r) => ((r.EXTRACT_DATE ?? "") > m ? (r.EXTRACT_DATE ?? "") : m),
    "",
  );
  const [y, m] = latest.split("-");
  const monthName = new Date(Date.UTC(Number(y), Number(m) - 1, 1)).toLocaleString("en-GB", {
    month: "long",
    timeZone: "UTC",
  });
  const label = `NHS England GP registered patients, 1 ${monthName} ${y}`;
  const latestRows = rows.filter((r) => r.EXTRACT_DATE === latest);
  const countOf = new Map(latestRows.map((r) => [r.ORG_CODE ?? "", Number(r.NUMBER_OF_PATIENTS)]));
  const frimleyShare = new Map<string, number>();
  let frimleyTotal = 0;
  for (const r of parseCsvRecords(input.weighted[2024] ?? "")) {
    if (r.CCG21 !== FRIMLEY) continue;
    const to = FRIMLEY_2026_BY_LA[r.LTLA21 ?? ""];
    if (!to) throw new Error(`Frimley practice ${r.Practice_Code} in ${r.LTLA21}: no 2026 sub-ICB`);
    const pop = Number(r["pop 2022/23"]);
    frimleyShare.set(to, (frimleyShare.get(to) ?? 0) + pop);
    frimleyTotal += pop;
  }
  const frimley = countOf.get(FRIMLEY) ?? 0;
  const changed = CHANGED_2026.map((code) => ({
    area_code: code,
    ons_code: ons2026.get(code) ?? "",
    basis: "registered",
    year: y ?? "",
    geography: "sub-ICB location April 2026",
    label: `${label} (Frimley's patients apportioned by practice)`,
    count: String(
      Math.round(
        (countOf.get(code) ?? 0) + (frimley * (frimleyShare.get(code) ?? 0)) / frimleyTotal,
      ),
    ),
  }));
  return latestRows
    .map((r) => ({
      area_code: r.ORG_CODE ?? "",
      ons_code: r.ONS_CODE ?? "",
      basis: "registered",
      year: y ?? "",
      geography: "sub-ICB location April 2023",
      label,
      count: r.NUMBER_OF_PATIENTS ?? "",
    }))
    .concat(changed)
    .sort((a, b) => (a.area_code + a.geography < b.area_code + b.geography ? -1 : 1));
}

/**
 * NHS England general and acute weighted population per sub-ICB location: each practice's `G&A WP`
 * summed to the sub-ICB location of the practice in the latest GP practice map of 2025 (the 2023
 * geography), or, for a practice no longer in the map, the sub-ICB code in the allocation file.
 */
function needWeighted(
  input: Inputs2023,
  onsOfCode: Map<string, string>,
  ons2026: Map<string, string>,
): PopulationRow[] {
  const map = parseCsvRecords(input.gpPracticeMap);
  const latest = map.reduce((m, r) => {
    const d = toIso(r.EXTRACT_DATE ?? "");
    return d > m ? d : m;
  }, "");
  const subIcbOfPractice = new Map(
    map
      .filter((r) => toIso(r.EXTRACT_DATE ?? "") === latest)
      .map((r) => [r.PRACTICE_CODE ?? "", r.SUB_ICB_LOCATION_CODE ?? ""]),
  );
  const out: PopulationRow[] = [];
  for (const [year, text] of Object.entries(input.weighted)) {
    const sums = new Map<string, number>();
    const sums2026 = new Map<string, number>();
    for (const r of parseCsvRecords(text)) {
      const code = subIcbOfPractice.get(r.Practice_Code ?? "") ?? r.CCG21 ?? "";
      const wp = Number(r["G&A WP"]);
      if (!Number.isFinite(wp)) throw new Error(`practice ${r.Practice_Code}: G&A WP not a number`);
      sums.set(code, (sums.get(code) ?? 0) + wp);
      const code2026 = code === FRIMLEY ? FRIMLEY_2026_BY_LA[r.LTLA21 ?? ""] : code;
      if (!code2026)
        throw new Error(`Frimley practice ${r.Practice_Code} in ${r.LTLA21}: no 2026 sub-ICB`);
      sums2026.set(code2026, (sums2026.get(code2026) ?? 0) + wp);
    }
    const next = String((Number(year) + 1) % 100).padStart(2, "0");
    for (const code of CHANGED_2026) {
      out.push({
        area_code: code,
        ons_code: ons2026.get(code) ?? "",
        basis: "need-weighted",
        year,
        geography: "sub-ICB location April 2026",
        label: `NHS England general and acute weighted population ${year}/${next}`,
        count: String(Math.round(sums2026.get(code) ?? 0)),
      });
    }
    for (const [code, wp] of sums) {
      const ons = onsOfCode.get(code);
      if (!ons) throw new Error(`weighted population for unknown sub-ICB ${code}`);
      out.push({
        area_code: code,
        ons_code: ons,
        basis: "need-weighted",
        year,
        geography: "sub-ICB location April 2023",
        label: `NHS England general and acute weighted population ${year}/${next}`,
        count: String(Math.round(wp)),
      });
    }
  }
  return out.sort((a, b) =>
    a.area_code + a.year + a.geography < b.area_code + b.year + b.geography ? -1 : 1,
  );
}

/** `01Dec2025` or `2025-12-01` → `2025-12-01`. */
function toIso(d: string): string {
  const m = /^(\d\d)([A-Za-z]{3})(\d{4})$/.exec(d);
  if (!m) return d;
  const months = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const mm = String(months.indexOf(m[2] ?? "") / 3 + 1).padStart(2, "0");
  return `${m[3]}-${mm}-${m[1]}`;
}

/**
 * The files: `sub-icb23.csv`, `sub-icb26.csv` (areas with places and mid-2022 populations),
 * `populations.csv` (registered and need-weighted denominators), and the ODS hubs and reporting
 * entities to add to `non-geographic.csv`.
 */
export function build2023To2026(
  input: Inputs2023,
  ccgPlaces: Map<string, string>,
  regionOfCode: Map<string, string>,
): {
  files: Record<string, string>;
  nonGeographic: Array<[string, string, string, string]>;
  subIcb23: SubIcbRow[];
  subIcb26: SubIcbRow[];
} {
  const subIcb23 = subIcbVintage(input, "2023", ccgPlaces, regionOfCode);
  const subIcb26 = subIcbVintage(input, "2026", ccgPlaces, regionOfCode);
  const onsOfCode = new Map(subIcb23.map((r) => [r.code, r.ons_code]));
  const ons2026 = new Map(subIcb26.map((r) => [r.code, r.ons_code]));
  const populations = [...registered(input, ons2026), ...needWeighted(input, onsOfCode, ons2026)];
  const table = <T extends object>(rows: T[]) =>
    formatCsv(
      Object.keys(rows[0] ?? {}),
      rows.map((r) => Object.values(r) as string[]),
    );
  return {
    files: {
      "sub-icb23.csv": table(subIcb23),
      "sub-icb26.csv": table(subIcb26),
      "populations.csv": table(populations),
    },
    nonGeographic: odsNonGeographic(input.eccg),
    subIcb23,
    subIcb26,
  };
}

/**
 * Acute NHS trusts for the completeness check (docs/methodology.md "Completeness"): the trusts of
 * OHID's acute trust catchment file, with open and close dates from the ODS trust list (mid-2026)
 * and the sub-ICB location the trust stands in — the sub-ICB of the GP practices in the trust's
 * postcode sector (else district) in the December 2025 practice map, the most frequent one.
 */
export function acuteTrusts(etr: string, catchments: string, practiceMap: string): string {
  const acute = new Set(parseCsvRecords(catchments).map((r) => r.nhs_trust22_code ?? ""));
  const map = parseCsvRecords(practiceMap);
  const latest = map.reduce((m, r) => {
    const d = toIso(r.EXTRACT_DATE ?? "");
    return d > m ? d : m;
  }, "");
  const bySector = new Map<string, string[]>();
  const byDistrict = new Map<string, string[]>();
  for (const r of map) {
    if (toIso(r.EXTRACT_DATE ?? "") !== latest) continue;
    const [outward = "", inward = ""] = (r.PRACTICE_POSTCODE ?? "").split(" ");
    const code = r.SUB_ICB_LOCATION_CODE ?? "";
    const sector = `${outward} ${inward.charAt(0)}`;
    bySector.set(sector, [...(bySector.get(sector) ?? []), code]);
    byDistrict.set(outward, [...(byDistrict.get(outward) ?? []), code]);
  }
  const mostFrequent = (codes: string[] | undefined) => {
    if (!codes || codes.length === 0) return "";
    const n = new Map<string, number>();
    for (const c of codes) n.set(c, (n.get(c) ?? 0) + 1);
    return [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? "";
  };
  const date = (d: string) => (d ? `${d.slice(0, 4)}-${d.slice(4, 6)}` : "");
  const rows: string[][] = [];
  for (const r of parseCsv(etr)) {
    const [code = "", name = "", , icb = "", , , , , , postcode = ""] = r;
    if (!acute.has(code)) continue;
    const [outward = "", inward = ""] = postcode.split(" ");
    const subIcb =
      mostFrequent(bySector.get(`${outward} ${inward.charAt(0)}`)) ||
      mostFrequent(byDistrict.get(outward));
    rows.push([code, properCase(name), date(r[10] ?? ""), date(r[11] ?? ""), icb, subIcb]);
  }
  rows.sort((a, b) => ((a[0] ?? "") < (b[0] ?? "") ? -1 : 1));
  return formatCsv(["code", "name", "opened", "closed", "icb_code", "sub_icb_code"], rows);
}
