import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { decodeEntities, extractLinks } from "../../src/fetch/links.ts";

describe("extractLinks", () => {
  it("reads href and text, decoding entities and stripping inner tags", () => {
    const html = `<p><a href="#Mar24"><strong><span style="color: #008080">Mar24</span></strong></a>
      <a name="Mar24"></a>
      <A HREF='https://x.test/a?b=1&amp;c=2' class="y">A&amp;E&nbsp;Attendances &#8211; data</A>
      <a class="z" href=/plain>Download 2015_16 RTT Annual Report v2 (PDF, 564K)<br />
      </a><a data-href="/nope" href="/yes">two
      lines</a></p>`;
    expect(extractLinks(html)).toEqual([
      { href: "#Mar24", text: "Mar24" },
      { href: "https://x.test/a?b=1&c=2", text: "A&E Attendances – data" },
      { href: "/plain", text: "Download 2015_16 RTT Annual Report v2 (PDF, 564K)" },
      { href: "/yes", text: "two lines" },
    ]);
  });

  it("finds every link of the fixture year page, the nine per month included", () => {
    const html = readFileSync(
      new URL("../fixtures/nhse-site/rtt-data-2022-23.html", import.meta.url),
      "utf8",
    );
    const links = extractLinks(html);
    const oct22 = links.filter((l) => l.text.includes("Oct22") && !l.href.startsWith("#"));
    // eight XLSX files, the Full CSV link, and its repeat in the "Latest … full extract" block
    expect(oct22).toHaveLength(10);
    expect(oct22.filter((l) => l.text.startsWith("Full CSV data file"))).toHaveLength(2);
  });
});

describe("decodeEntities", () => {
  it.each([
    ["&#8211;", "–"],
    ["&#x2013;", "–"],
    ["&raquo;", "&raquo;"],
    ["Martha&#8217;s Rule", "Martha’s Rule"],
    ["&amp;amp;", "&amp;"],
    ["&#0;", "&#0;"],
  ])("%s → %s", (input, output) => {
    expect(decodeEntities(input)).toBe(output);
  });
});
