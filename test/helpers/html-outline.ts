/**
 * A page's markup as a small, stable outline for golden files: one line per element (tag, id,
 * classes, role, aria and link attributes) and per text run, numbers written as "0" so a figure
 * that moves with the data does not change it, and long runs of like siblings (table rows, list
 * items) cut to the first two with a count. A change in the structure or the words of a page shows
 * as a diff of its golden file, to be reviewed like code.
 */
import { parseHTML } from "linkedom";

const ATTRS = [
  "id",
  "class",
  "role",
  "href",
  "src",
  "action",
  "method",
  "name",
  "type",
  "for",
  "lang",
  "rel",
  "alt",
  "tabindex",
  "download",
  "aria-label",
  "aria-current",
  "aria-describedby",
  "aria-labelledby",
  "aria-hidden",
  "aria-live",
  "data-sortable",
  "data-suggest",
];
/** Siblings of these kinds beyond the first two are counted, not written. */
const REPEATED = new Set(["tr", "li", "option", "url"]);

const numbers = (s: string) => s.replace(/(?<![A-Za-z0-9_])\d+(?:[.,]\d+)*(?![A-Za-z0-9_])/g, "0");
const clean = (s: string) => numbers(s.replace(/\s+/g, " ").trim());

interface OutlineNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<OutlineNode>;
  getAttribute?: (name: string) => string | null;
  hasAttribute?: (name: string) => boolean;
}

function outlineOf(node: OutlineNode, depth: number, out: string[]): void {
  const pad = "  ".repeat(depth);
  if (node.nodeType === 3) {
    const text = clean(node.textContent ?? "");
    if (text) out.push(`${pad}"${text.length > 160 ? `${text.slice(0, 160)}…` : text}"`);
    return;
  }
  if (node.nodeType !== 1) return;
  const tag = node.nodeName.toLowerCase();
  const attrs = ATTRS.flatMap((a) => {
    if (!node.hasAttribute?.(a)) return [];
    const v = node.getAttribute?.(a) ?? "";
    return [v === "" ? a : `${a}="${clean(v)}"`];
  });
  out.push(`${pad}<${tag}${attrs.length ? ` ${attrs.join(" ")}` : ""}>`);
  if (tag === "script" || tag === "style" || tag === "svg") return;
  const children = Array.from(node.childNodes);
  const counts = new Map<string, number>();
  let skipped = 0;
  let skippedTag = "";
  for (const child of children) {
    const name = child.nodeName.toLowerCase();
    if (child.nodeType === 1 && REPEATED.has(name)) {
      const n = (counts.get(name) ?? 0) + 1;
      counts.set(name, n);
      if (n > 2) {
        skipped++;
        skippedTag = name;
        continue;
      }
    }
    outlineOf(child, depth + 1, out);
  }
  if (skipped > 0) out.push(`${pad}  … ${skipped} more <${skippedTag}>`);
}

/** The outline of an HTML document (see the module comment). */
export function htmlOutline(html: string): string {
  const { document } = parseHTML(html);
  const out: string[] = [];
  outlineOf(document.documentElement as unknown as OutlineNode, 0, out);
  return `${out.join("\n")}\n`;
}
