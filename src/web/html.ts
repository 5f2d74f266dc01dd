/**
 * Escaping for the web pages: `html` is a tagged template that escapes every interpolated value
 * unless it is already `Html` (the result of another `html` or of `raw`). Pages are built only
 * with it, so text from data (area names, query strings) can never become markup.
 */

/** Markup that is already safe to insert. */
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** Escapes text for element content and double- or single-quoted attribute values. */
export function esc(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Trusted markup (an SVG from the chart code, a constant): inserted as it is. */
export function raw(markup: string): Html {
  return new Html(markup);
}

type Value = Html | string | number | null | undefined | false | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return "";
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join("");
  return esc(String(v));
}

/**
 * @example html`<p>${name}</p>` // name escaped; arrays joined; null/false/undefined dropped
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++)
    out += render(values[i] as Value) + (strings[i + 1] ?? "");
  return new Html(out);
}
