/**
 * The one way an area is named in every output (CLI tables, headlines, report, web, release):
 * its place, then its ODS code — "Wakefield (03R)". Analyses return the reference name; these
 * turn it into the label, so every surface imports them from here.
 */

/** Organisation names without the "NHS " prefix and " CCG"/" ICB" suffix: ICS and region names. */
export function shortName(name: string): string {
  // A sub-ICB location named with its place: "NHS West Yorkshire ICB - 03R (Wakefield)" → "Wakefield (03R)".
  const subIcb = /^NHS .+ ICB - (\w+) \((.+)\)$/.exec(name);
  if (subIcb) return `${subIcb[2]} (${subIcb[1]})`;
  // A sub-ICB location that covers its whole ICB: "NHS Dorset ICB - 11J" → "Dorset (11J)".
  const whole = /^NHS (.+) ICB - (\w+)$/.exec(name);
  if (whole) return `${whole[1]} (${whole[2]})`;
  return name.replace(/^NHS\s+/, "").replace(/\s+(CCG|ICB|Integrated Care Board)$/, "");
}

/**
 * The one label of an area in every chart, table and sentence: its place and its ODS code,
 * complete and unique: `areaLabel({ name: 'NHS Wakefield CCG', code: '03R' })` → `Wakefield (03R)`;
 * `NHS West Yorkshire ICB - 03R (Wakefield)` → `Wakefield (03R)`; `NHS Dorset ICB - 11J` →
 * `Dorset (11J)`. A name that already carries the code, or a code that is the name (regions), is
 * left as it is.
 */
export function areaLabel(area: { name: string; code: string }): string {
  const short = shortName(area.name);
  if (!area.code || area.code === area.name || short.includes(`(${area.code})`)) return short;
  return `${short} (${area.code})`;
}
