import { describe, expect, it } from "vitest";

import { chooseLinks } from "../../src/fetch/choose.ts";
import { parseFullCsvLink, type FullCsvLink } from "../../src/fetch/full-csv-links.ts";

const U = "https://www.england.nhs.uk/statistics/wp-content/uploads/sites/2";

function links(...hrefs: string[]): FullCsvLink[] {
  return hrefs.map((href, i) => {
    const link = parseFullCsvLink({ href: `${U}/${href}`, text: "" }, i);
    if (!link) throw new Error(href);
    return link;
  });
}

describe("chooseLinks", () => {
  it("prefers the newest upload folder (Mar22: 2023/03 revision over the 2022/05 original)", () => {
    const chosen = chooseLinks(
      links(
        "2022/05/Full-CSV-data-file-Mar22-ZIP-3416K-48976.zip",
        "2023/03/Full-CSV-data-file-Mar22-revised-ZIP-111805K.zip",
      ),
    );
    expect(chosen.get("2022-03")).toMatchObject({
      url: `${U}/2023/03/Full-CSV-data-file-Mar22-revised-ZIP-111805K.zip`,
      revised: true,
      superseded: [`${U}/2022/05/Full-CSV-data-file-Mar22-ZIP-3416K-48976.zip`],
    });
  });

  it("prefers a newer folder even when the newer link carries no marker (Jun19 re-upload)", () => {
    const chosen = chooseLinks(
      links(
        "2019/08/Full-CSV-data-file-Jun19-ZIP-3498K-revised.zip",
        "2020/01/Full-CSV-data-file-Jun19-ZIP-3502K.zip",
      ),
    );
    expect(chosen.get("2019-06")?.url).toBe(`${U}/2020/01/Full-CSV-data-file-Jun19-ZIP-3502K.zip`);
  });

  it("in the same folder ranks revised-2 > revised > none, then page order", () => {
    const chosen = chooseLinks(
      links(
        "2026/02/Full-CSV-data-file-Jul25-ZIP-4M-abcdef.zip",
        "2026/02/Full-CSV-data-file-Jul25-ZIP-4M-revised.zip",
        "2026/02/Full-CSV-data-file-Jul25-ZIP-4M-revised-2.zip",
        "2026/02/Full-CSV-data-file-Aug25-ZIP-4M-one.zip",
        "2026/02/Full-CSV-data-file-Aug25-ZIP-4M-two.zip",
      ),
    );
    expect(chosen.get("2025-07")?.url).toBe(
      `${U}/2026/02/Full-CSV-data-file-Jul25-ZIP-4M-revised-2.zip`,
    );
    expect(chosen.get("2025-08")?.url).toBe(`${U}/2026/02/Full-CSV-data-file-Aug25-ZIP-4M-one.zip`);
  });

  it("counts the 'Latest … full extract' repeat of a URL once and keys months in order", () => {
    const oct22 = "2022/12/Full-CSV-data-file-Oct22-ZIP-3701K-v2.zip";
    const chosen = chooseLinks(
      links(oct22, "2022/11/Full-CSV-data-file-Sep22-ZIP-3690K-30571.zip", oct22),
    );
    expect([...chosen.keys()]).toEqual(["2022-09", "2022-10"]);
    expect(chosen.get("2022-10")).toMatchObject({ superseded: [], revised: true, index: 0 });
    expect(chosen.get("2022-09")).toMatchObject({ superseded: [], revised: false });
  });

  it("flags a late, unmarked upload (four or more months after the data month) as revised", () => {
    const chosen = chooseLinks(
      links(
        "2020/01/Full-CSV-data-file-Jun19-ZIP-3502K.zip",
        "2022/01/Full-CSV-data-file-Nov21-ZIP-3826K.zip",
        "2022/03/Full-CSV-data-file-Dec21-ZIP-4190K..zip", // three months later: still normal
      ),
    );
    expect(chosen.get("2019-06")?.revised).toBe(true);
    expect(chosen.get("2021-11")?.revised).toBe(false);
    expect(chosen.get("2021-12")?.revised).toBe(false);
  });
});
