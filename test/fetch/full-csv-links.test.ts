import { describe, expect, it } from "vitest";

import { parseFullCsvLink } from "../../src/fetch/full-csv-links.ts";

const U = "https://www.england.nhs.uk/statistics/wp-content/uploads/sites/2";

// Every Full CSV href/text in shared docs/nhs-england-downloads.md §1.2–1.3, with what it must read as:
// [href, link text ("" where the doc gives only the href), month, upload folder, revision rank].
const FULL_CSV: [string, string, string, string, 0 | 1 | 2][] = [
  // §1.2 stored 2023-24 page
  [
    `${U}/2024/07/Full-CSV-data-file-Mar24-ZIP-3832K-revised.zip`,
    "Full CSV data file Mar24 (ZIP, 3832K) revised",
    "2024-03",
    "2024-07",
    1,
  ],
  [
    `${U}/2023/08/Full-CSV-data-file-Jun23-ZIP-3659K-64970.zip`,
    "Full CSV data file Jun23 (ZIP, 3659K)",
    "2023-06",
    "2023-08",
    0,
  ],
  [
    `${U}/2024/01/Full-CSV-data-file-May23-ZIP-3627K-revised.zip`,
    "Full CSV data file May23 (ZIP, 3627K) revised",
    "2023-05",
    "2024-01",
    1,
  ],
  [
    `${U}/2024/07/Full-CSV-data-file-Feb24-ZIP-3881K-revised.zip`,
    "Full CSV data file Feb24 (ZIP, 3881K) revised",
    "2024-02",
    "2024-07",
    1,
  ],
  // §1.3 tail variants
  [`${U}/2020/06/Full-CSV-data-file-Apr20-ZIP-2315K-195371.zip`, "", "2020-04", "2020-06", 0],
  [`${U}/2022/06/Full-CSV-data-file-Apr22-ZIP-3300K-57873-1.zip`, "", "2022-04", "2022-06", 0],
  [`${U}/2020/04/Full-CSV-data-file-Feb20-ZIP-3174K-20005-1.zip`, "", "2020-02", "2020-04", 0],
  [`${U}/2022/08/Full-CSV-data-file-Jun22ZIP-3886K-68395.zip`, "", "2022-06", "2022-08", 0],
  [`${U}/2022/02/Full-CSV-data-file-Dec21-ZIP-4190K..zip`, "", "2021-12", "2022-02", 0],
  [`${U}/2020/09/Full-CSV-data-file-Jul20-ZIP-2546K.zip`, "", "2020-07", "2020-09", 0],
  [`${U}/2019/07/Full-CSV-data-file-Mar19-revised-ZIP-3506K.zip`, "", "2019-03", "2019-07", 1],
  [`${U}/2023/03/Full-CSV-data-file-Mar22-revised-ZIP-111805K.zip`, "", "2022-03", "2023-03", 1],
  [`${U}/2025/02/Full-CSV-data-file-Apr24-ZIP-4M-revised.zip`, "", "2024-04", "2025-02", 1],
  [`${U}/2026/02/Full-CSV-data-file-Apr25-ZIP-4M-revised.zip`, "", "2025-04", "2026-02", 1],
  [`${U}/2026/02/Full-CSV-data-file-Jul25-ZIP-4M-revised-2.zip`, "", "2025-07", "2026-02", 2],
  [`${U}/2026/02/Full-CSV-data-file-Aug25-ZIP-4M-revised-2.zip`, "", "2025-08", "2026-02", 2],
  [`${U}/2022/12/Full-CSV-data-file-Oct22-ZIP-3701K-v2.zip`, "", "2022-10", "2022-12", 1],
  [`${U}/2020/01/Full-CSV-data-file-Jun19-ZIP-3502K.zip`, "", "2019-06", "2020-01", 0],
  [`${U}/2025/04/Full-CSV-data-file-Feb25-ZIP-4M-76538.zip`, "", "2025-02", "2025-04", 0],
  [`${U}/2025/02/Full-CSV-data-file-Dec24-ZIP-3M-69130.zip`, "", "2024-12", "2025-02", 0],
  [`${U}/2025/12/Full-CSV-data-file-Oct25-ZIP-4M-SrRW6y.zip`, "", "2025-10", "2025-12", 0],
  [`${U}/2026/01/Full-CSV-data-file-Nov25-ZIP-4M-1Xmjkk.zip`, "", "2025-11", "2026-01", 0],
  [`${U}/2026/02/Full-CSV-data-file-Dec25-ZIP-4M-9j03fJT.zip`, "", "2025-12", "2026-02", 0],
  [`${U}/2026/06/Full-CSV-data-file-Apr26-ZIP-3M-X7gGnn.zip`, "", "2026-04", "2026-06", 0],
  // §1.3 original-vs-revised pairs
  [`${U}/2022/05/Full-CSV-data-file-Mar22-ZIP-3416K-48976.zip`, "", "2022-03", "2022-05", 0],
  [`${U}/2023/03/Full-CSV-data-file-Apr22-revised-ZIP-4253.zip`, "", "2022-04", "2023-03", 1],
  [`${U}/2020/12/Full-CSV-data-file-Oct20-ZIP-2770K-71733.zip`, "", "2020-10", "2020-12", 0],
  [`${U}/2021/10/Full-CSV-data-file-Oct20-revised-ZIP-2772K.zip`, "", "2020-10", "2021-10", 1],
  [`${U}/2022/01/Full-CSV-data-file-Feb20-revised-ZIP-3171K.zip`, "", "2020-02", "2022-01", 1],
  [`${U}/2021/11/Full-CSV-data-file-Sep21-ZIP-3265K-87244.zip`, "", "2021-09", "2021-11", 0],
  [`${U}/2022/01/Full-CSV-data-file-Sep21-revised-ZIP-3768K.zip`, "", "2021-09", "2022-01", 1],
  [`${U}/2022/01/Full-CSV-data-file-Nov21-ZIP-3826K.zip`, "", "2021-11", "2022-01", 0],
  [`${U}/2023/03/Full-CSV-data-file-Nov21-revised-ZIP-3826K.zip`, "", "2021-11", "2023-03", 1],
  // rtt-data-format.md §1.1
  [`${U}/2021/06/Full-CSV-data-file-Apr21-ZIP-3110K-54792.zip`, "", "2021-04", "2021-06", 0],
  [`${U}/2021/02/Full-CSV-data-file-Dec20-ZIP-2705K-98040.zip`, "", "2020-12", "2021-02", 0],
  [`${U}/2019/10/Full-CSV-data-file-Aug19-ZIP-3493K-revised.zip`, "", "2019-08", "2019-10", 1],
  // 2018-19 "Latest … full extract" block (text only in the doc; href shaped like its neighbours)
  [
    `${U}/2019/02/Full-CSV-data-file-Dec18-ZIP-3427K-19012.zip`,
    "Full CSV data file Dec18 (ZIP, 3427K)",
    "2018-12",
    "2019-02",
    0,
  ],
];

describe("parseFullCsvLink", () => {
  it.each(FULL_CSV)("%s", (href, text, month, folder, revision) => {
    const link = parseFullCsvLink({ href, text }, 7);
    expect(link).toEqual({ month, url: href, uploadFolder: folder, revision, text, index: 7 });
  });

  // §1.2: the eight XLS/XLSX links of a month, and other zips, are not Full CSV files.
  it.each([
    [
      `${U}/2024/07/Incomplete-Commissioner-Mar24-XLSX-4228K-revised.xlsx`,
      "Incomplete Commissioner Mar24 (XLSX, 4228K) revised",
    ],
    [
      `${U}/2023/07/Admitted-Commissioner-May23-XLS-3875K-25787.xls`,
      "Admitted Commissioner May23 (XLS, 3875K)",
    ],
    [
      `${U}/2024/01/Incomplete-Commissioner-Jul23-XLSX-4250K-revisions.xlsx`,
      "Incomplete Commissioner Jul23 (XLSX, 4250K) revisions",
    ],
    [
      `${U}/2023/05/Admitted-Provider-Apr23-XLS-9463K-v2.xls`,
      "Admitted Provider Apr23 (XLS 9463K)",
    ],
    [
      `${U}/2024/04/Admitted-Commissioner-Feb24-XLSX-1915K-08666.xlsx`,
      "Admitted Commissioner Feb24 (XLSX, 1915K)",
    ],
    [
      `${U}/2020/11/Annual-Report-2019-20-timeseries-including-missing-data-ests-XLS-62K.xls`,
      "2019-20 Annual Report – spreadsheet (XLS 99K)",
    ],
    [
      `${U}/2019/02/RTT-Overview-Timeseries-Dec18-XLS-92K.zip`,
      "RTT Overview Timeseries Dec18 (ZIP, 92K)",
    ],
    ["#Mar24", "Mar24"],
  ])("ignores %s", (href, text) => {
    expect(parseFullCsvLink({ href, text })).toBeUndefined();
  });

  it("takes the month from the link text before the href", () => {
    const link = parseFullCsvLink({
      href: `${U}/2023/08/Full-CSV-data-file-Jun23-ZIP-3659K-64970.zip`,
      text: "Full CSV data file Jul23 (ZIP, 3659K)",
    });
    expect(link?.month).toBe("2023-07");
  });

  it("reads 'revised' from the link text when the href does not say so", () => {
    const link = parseFullCsvLink({
      href: "/statistics/wp-content/uploads/sites/2/2024/07/Full-CSV-data-file-Mar24-ZIP-3832K.zip",
      text: "Full CSV data file Mar24 (ZIP, 3832K) revised",
    });
    expect(link).toMatchObject({ month: "2024-03", uploadFolder: "2024-07", revision: 1 });
  });

  it("accepts a link with no upload folder (ranked last by choose)", () => {
    const link = parseFullCsvLink({
      href: "Full-CSV-data-file-Jan22-ZIP-3550K-21907.zip",
      text: "",
    });
    expect(link).toMatchObject({ month: "2022-01", uploadFolder: undefined, revision: 0 });
  });
});
