/**
 * A small, tolerant anchor extractor for NHS England's WordPress pages: finds `<a href="…">text</a>`
 * pairs with a regular expression, decodes entities and strips inner tags. No DOM needed: the pages
 * nest their `<div>`s inconsistently, but anchors are always well formed.
 */

/** One link as it appears on a page: the raw `href` and the visible text (entities decoded, tags stripped). */
export interface PageLink {
  href: string;
  text: string;
}

const ANCHOR = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi;
const HREF = /(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  hellip: "…",
  pound: "£",
};

/** Decodes the HTML entities WordPress emits: named ones above, `&#8211;` and `&#x2013;`. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code =
        body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Every anchor with an `href`, in page order (in-page `<a name>` targets are skipped). */
export function extractLinks(html: string): PageLink[] {
  const links: PageLink[] = [];
  for (const match of html.matchAll(ANCHOR)) {
    const attrs = match[1] ?? "";
    const href = HREF.exec(attrs);
    if (!href) continue;
    const rawHref = href[1] ?? href[2] ?? href[3] ?? "";
    const text = decodeEntities((match[2] ?? "").replace(/<[^>]*>/g, " "))
      .replace(/\s+/g, " ")
      .trim();
    links.push({ href: decodeEntities(rawHref.trim()), text });
  }
  return links;
}
