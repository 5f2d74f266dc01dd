import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { extractLinks } from "../../src/fetch/links.ts";
import {
  financialYear,
  findYearPages,
  mainPageUrl,
  normaliseBaseUrl,
  resolveHref,
} from "../../src/fetch/site.ts";

const NHS = "https://www.england.nhs.uk";
const RTT = `${NHS}/statistics/statistical-work-areas/rtt-waiting-times/`;

describe("financialYear", () => {
  it.each([
    ["2023-04", "2023-24"],
    ["2024-03", "2023-24"],
    ["2024-01", "2023-24"],
    ["1999-12", "1999-00"],
    ["2011-04", "2011-12"],
  ])("%s is on the %s page", (month, year) => {
    expect(financialYear(month)).toBe(year);
  });
});

describe("resolveHref", () => {
  const mirror = "http://127.0.0.1:8080/nhs/";
  it.each([
    [`${NHS}/statistics/a.zip`, RTT, NHS, `${NHS}/statistics/a.zip`],
    ["http://england.nhs.uk/statistics/a.zip", RTT, NHS, `${NHS}/statistics/a.zip`],
    ["/statistics/a.zip?x=1#y", RTT, NHS, `${NHS}/statistics/a.zip?x=1`],
    [`${NHS}/statistics/a.zip#x`, RTT, mirror, "http://127.0.0.1:8080/nhs/statistics/a.zip"],
    ["http://england.nhs.uk/statistics/b/", RTT, mirror, "http://127.0.0.1:8080/nhs/statistics/b/"],
    ["//www.england.nhs.uk/c?d=1", RTT, mirror, "http://127.0.0.1:8080/nhs/c?d=1"],
    [
      "rtt-data-2021-22/",
      "http://127.0.0.1:8080/nhs" + "/statistics/x/",
      mirror,
      "http://127.0.0.1:8080/nhs/statistics/x/rtt-data-2021-22/",
    ],
    ["http://www.nhs.uk", RTT, mirror, "http://www.nhs.uk/"],
  ])("%s on %s under %s", (href, page, base, out) => {
    expect(resolveHref(href, page, base)).toBe(out);
  });

  it.each(["mailto:england.rtt@nhs.net", "javascript:void(0)", "http://["])("drops %s", (href) => {
    expect(resolveHref(href, RTT, NHS)).toBeUndefined();
  });
});

describe("base URLs", () => {
  it("normalise to origin + path without a trailing slash", () => {
    expect(normaliseBaseUrl("https://www.england.nhs.uk/")).toBe(NHS);
    expect(normaliseBaseUrl("http://mirror.test/nhs//?q=1")).toBe("http://mirror.test/nhs");
    expect(mainPageUrl("http://mirror.test/nhs/")).toBe(
      "http://mirror.test/nhs/statistics/statistical-work-areas/rtt-waiting-times/",
    );
  });
});

describe("findYearPages", () => {
  it("reads the fixture main page: body links, sidebar, slashes and legacy aliases collapse", () => {
    const html = readFileSync(new URL("../fixtures/nhse-site/main.html", import.meta.url), "utf8");
    const pages = findYearPages(extractLinks(html), RTT, NHS);
    const years = [
      "2011-12",
      "2012-13",
      "2013-14",
      "2014-15",
      "2015-16",
      "2016-17",
      "2017-18",
      "2018-19",
      "2019-20",
      "2020-21",
      "2021-22",
      "2022-23",
    ];
    expect([...pages.keys()].sort()).toEqual(years);
    for (const year of years) expect(pages.get(year)).toBe(`${RTT}rtt-data-${year}/`);
  });

  it("uses a legacy alias when it is the only link for a year, and adds the slash", () => {
    const pages = findYearPages(
      [
        { href: `${NHS}/statistics/rtt-data-2014-15`, text: "2014-15 RTT waiting times data" },
        {
          href: `${NHS}/statistics/rtt-waiting-times/rtt-data-2013-14/`,
          text: "2013-14 RTT waiting times data",
        },
        { href: `${RTT}rtt-data-2025-26`, text: "2025-26 RTT waiting times data" },
      ],
      RTT,
      "http://127.0.0.1:9/",
    );
    expect(Object.fromEntries(pages)).toEqual({
      "2014-15": "http://127.0.0.1:9/statistics/rtt-data-2014-15/",
      "2013-14": "http://127.0.0.1:9/statistics/rtt-waiting-times/rtt-data-2013-14/",
      "2025-26":
        "http://127.0.0.1:9/statistics/statistical-work-areas/rtt-waiting-times/rtt-data-2025-26/",
    });
  });

  it("prefers the canonical sidebar URL over a legacy alias, in either order", () => {
    const legacy = {
      href: `${NHS}/statistics/rtt-data-2014-15/`,
      text: "2014-15 RTT waiting times data",
    };
    const canonical = { href: `${RTT}rtt-data-2014-15/`, text: "Consultant-led … Data 2014-15" };
    expect(findYearPages([legacy, canonical], RTT, NHS).get("2014-15")).toBe(
      `${RTT}rtt-data-2014-15/`,
    );
    expect(findYearPages([canonical, legacy], RTT, NHS).get("2014-15")).toBe(
      `${RTT}rtt-data-2014-15/`,
    );
  });

  it("ignores spreadsheets whose text starts with a year, and mismatched year pairs", () => {
    const pages = findYearPages(
      [
        {
          href: `${NHS}/statistics/wp-content/uploads/sites/2/2020/11/Annual-Report-2019-20-XLS-62K.xls`,
          text: "2019-20 Annual Report – spreadsheet (XLS 99K)",
        },
        { href: `${RTT}rtt-data-2019-21/`, text: "typo" },
        { href: `${RTT}rtt-data-2019-20/?preview=1`, text: "preview" },
      ],
      RTT,
      NHS,
    );
    expect(pages.size).toBe(0);
  });
});
