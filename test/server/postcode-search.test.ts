// The "your area" search rules (src/web/postcode-search.ts), shared by the server's lookup and
// the static site's script, which embeds their source.
import { describe, expect, it } from "vitest";

import { SITE_JS } from "../../src/web/assets.ts";
import { parsePostcode, practicesNear, wordMatcher } from "../../src/web/postcode-search.ts";

describe("parsePostcode", () => {
  it("reads full, sector and outward-only postcodes in any case and spacing", () => {
    expect(parsePostcode(" ls14ap ")).toEqual({
      district: "LS1",
      sector: "LS1 4",
      full: "LS1 4AP",
    });
    expect(parsePostcode("ec1a  1bb")).toEqual({
      district: "EC1A",
      sector: "EC1A 1",
      full: "EC1A 1BB",
    });
    expect(parsePostcode("wf1 1")).toEqual({ district: "WF1", sector: "WF1 1", full: "WF1 1" });
    expect(parsePostcode("B33")).toEqual({ district: "B33", sector: null, full: "B33" });
  });

  it("is null for what is not a postcode", () => {
    for (const q of ["Leeds", "B82005", "LS1 4A", "1LS 4AP", ""])
      expect(parsePostcode(q), q).toBeNull();
  });
});

describe("practicesNear", () => {
  const practices = [
    { code: "A", postcode: "WF1 1AA" },
    { code: "B", postcode: "WF1 3BB" },
    { code: "C", postcode: "WF10 1CC" },
  ];
  const near = (q: string) => {
    const pc = parsePostcode(q);
    if (!pc) throw new Error(q);
    const hit = practicesNear(pc, practices);
    return [hit.scope, hit.key, hit.near.map((p) => p.code).join("")];
  };

  it("takes the sector's practices, and the district's when the sector has none", () => {
    expect(near("WF1 1ZZ")).toEqual(["sector", "WF1 1", "A"]);
    expect(near("WF1 2ZZ")).toEqual(["district", "WF1", "AB"]);
    expect(near("WF1")).toEqual(["district", "WF1", "AB"]);
    expect(near("WF9 9ZZ")).toEqual(["district", "WF9", ""]);
  });
});

describe("wordMatcher", () => {
  it("needs every word of two or more characters, whatever the case", () => {
    expect(wordMatcher("trinity medical")("TRINITY MEDICAL CENTRE")).toBe(true);
    expect(wordMatcher("trinity surgery")("TRINITY MEDICAL CENTRE")).toBe(false);
    expect(wordMatcher("a")("A")).toBe(false);
  });
});

describe("the static site's script", () => {
  it("runs the very functions the server runs, so a static host answers as the server does", () => {
    for (const f of [parsePostcode, practicesNear, wordMatcher])
      expect(SITE_JS).toContain(f.toString());
    expect(() => new Function(SITE_JS)).not.toThrow();
  });
});
