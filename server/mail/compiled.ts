// Rendering a react-email template costs milliseconds (React's server renderer, then html-to-text parsing the HTML
// back for the text part), and the confirmation email is rendered once per paid order. Most of it is the same for
// every order of a screening: only the names, codes, prices and links change. A compiled template renders each shape
// once with a token in place of every per-message string, and afterwards fills the tokens in: the value escaped as
// React escapes text and attributes for the HTML, as it is for the text (html-to-text decodes those entities back).
//
// That holds for values that neither renderer treats specially, so only those are filled in (`fillable`); anything
// else renders in full. And a shape is trusted only after its first message came out the same both ways (the first
// message of a shape is rendered twice); a shape that didn't is always rendered in full.
import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";

export interface RenderedEmail {
  html: string;
  text: string;
}

/** The mailer's rendering: React's HTML, and the text html-to-text reads from it. */
export async function renderEmail(template: ReactElement): Promise<RenderedEmail> {
  const html = await render(template);
  return { html, text: toPlainText(html) };
}

// Letters and digits: React escapes neither, html-to-text changes neither (no slot sits in a heading it capitalises).
const TOKEN = /zqslot(\d+)qz/g;
const token = (index: number) => `zqslot${index}qz`;

/**
 * A value whose HTML is React's escaping of it and whose text is itself: no whitespace that html-to-text would collapse
 * or trim, nothing React leaves out (empty), no URL that React or html-to-text rewrite (`javascript:`, `mailto:`, `#`).
 */
const fillable = (value: string) =>
  /^[^\s\u200b\u0000-\u001f\u007f]+(?: [^\s\u200b\u0000-\u001f\u007f]+)*$/u.test(value) && !/^(?:javascript:|mailto:|#)/i.test(value);

// A data URL keeps its "data:…," in the template: React preloads images by src but not data URLs, so a token alone
// would change the markup.
const DATA_URL_PREFIX = /^data:[^,]*,/i;

const escapeHtml = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#x27;");

/** The template's text between tokens, and which value goes after each piece. */
type Parts = { literals: string[]; slots: number[] };

function split(rendered: string): Parts {
  const literals: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (const match of rendered.matchAll(TOKEN)) {
    literals.push(rendered.slice(last, match.index));
    slots.push(Number(match[1]));
    last = match.index + match[0].length;
  }
  literals.push(rendered.slice(last));
  return { literals, slots };
}

function fill({ literals, slots }: Parts, values: readonly string[]): string {
  let out = literals[0]!;
  for (let i = 0; i < slots.length; i++) out += values[slots[i]!]! + literals[i + 1]!;
  return out;
}

type Compiled = { html: Parts; text: Parts } | null;

export interface CompiledTemplateOptions<P> {
  template: (props: P) => ReactElement;
  /**
   * Everything about the props that the markup depends on beyond the filled-in strings: which optional parts there
   * are, how many rows, and any string the template reads rather than prints (a length, a comparison).
   */
  shape: (props: P) => unknown;
  /** The props with each per-message string passed through `slot` (which returns the token that stands for it). */
  slots: (props: P, slot: (value: string) => string) => P;
  /** How many shapes to keep, most recently used (default 500). */
  limit?: number;
}

export function compiledTemplate<P>({ template, shape, slots, limit = 500 }: CompiledTemplateOptions<P>) {
  const shapes = new Map<string, Promise<Compiled>>();
  // Messages filled in from a compiled shape, and full renders (compiling a shape renders its first message in full
  // too, to check the filled-in copy against it).
  const counts = { filled: 0, rendered: 0 };
  const renderFull = (props: P) => {
    counts.rendered += 1;
    return renderEmail(template(props));
  };

  async function compile(props: P, withTokens: P, values: string[]): Promise<Compiled> {
    const [tokens, full] = await Promise.all([renderEmail(template(withTokens)), renderFull(props)]);
    const compiled = { html: split(tokens.html), text: split(tokens.text) };
    const html = values.map(escapeHtml);
    return fill(compiled.html, html) === full.html && fill(compiled.text, values) === full.text ? compiled : null;
  }

  const renderer = async (props: P): Promise<RenderedEmail> => {
    const values: string[] = [];
    const prefixes: string[] = [];
    let ok = true;
    const withTokens = slots(props, (value) => {
      const prefix = DATA_URL_PREFIX.exec(value)?.[0] ?? "";
      const rest = value.slice(prefix.length);
      ok &&= fillable(rest);
      if (prefix) prefixes.push(prefix);
      values.push(rest);
      return prefix + token(values.length - 1);
    });
    if (!ok) return renderFull(props);
    const key = JSON.stringify([shape(props), prefixes]);
    let entry = shapes.get(key);
    if (entry) {
      shapes.delete(key);
      shapes.set(key, entry);
    } else {
      entry = compile(props, withTokens, values);
      shapes.set(key, entry);
      // A render that failed is not remembered: the next message of the shape tries again.
      entry.catch(() => shapes.get(key) === entry && shapes.delete(key));
      if (shapes.size > limit) shapes.delete(shapes.keys().next().value!);
    }
    const compiled = await entry;
    if (!compiled) return renderFull(props);
    counts.filled += 1;
    return { html: fill(compiled.html, values.map(escapeHtml)), text: fill(compiled.text, values) };
  };
  return Object.assign(renderer, { counts });
}
