import { type Formatter, paint } from "./format.ts";
import type { Json } from "./hydrate.ts";
import type { ErrorJson } from "./to-json.ts";

const indent = (text: string, by = "  ") =>
  text
    .split("\n")
    .map((line) => (line ? by + line : line))
    .join("\n");

/** `label  value` lines with the labels aligned; entries with an undefined value are left out. */
export function renderFields(f: Formatter, fields: [label: string, value: string | undefined][]): string {
  const shown = fields.filter((entry): entry is [string, string] => entry[1] !== undefined);
  const width = Math.max(0, ...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `  ${paint(f, "dim", label.padEnd(width))}  ${value}`).join("\n") + "\n";
}

/** A section heading followed by its indented body. */
export function renderSection(f: Formatter, title: string, body: string): string {
  return `\n${paint(f, "bold", title)}\n${body.endsWith("\n") ? body : `${body}\n`}`;
}

/** A hydrated value, pretty-printed as JSON (strings without quotes when they are the whole value). */
export function renderValue(value: Json | null | undefined): string {
  if (value === undefined) return indent("(none)");
  if (typeof value === "string") return indent(value);
  return indent(JSON.stringify(value, null, 2));
}

/** An error with its code, stack (which starts with `Name: message`) and the chain of causes. */
export function renderError(f: Formatter, error: ErrorJson): string {
  const lines: string[] = [];
  let current: ErrorJson | null = error;
  for (let depth = 0; current; depth++, current = current.cause) {
    const head = `${current.name}: ${current.message}`;
    const stack = current.stack && current.stack.includes(current.message) ? current.stack : current.stack ? `${head}\n${current.stack}` : head;
    const text = depth === 0 ? stack : `Caused by: ${stack}`;
    const [first, ...rest] = text.split("\n");
    lines.push(paint(f, "red", first) + (current.code ? paint(f, "dim", ` [${current.code}]`) : ""));
    for (const line of rest) lines.push(paint(f, "dim", line));
  }
  return indent(lines.join("\n"));
}

/** A one-line preview of a value for table cells. */
export function previewValue(value: Json | null | undefined): string {
  if (value === undefined) return "";
  return JSON.stringify(value);
}
