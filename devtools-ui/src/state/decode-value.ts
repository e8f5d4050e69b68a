/**
 * Turns a serialized value from the log (devalue text, possibly with our custom type tags) into a tree
 * the panel can render. Unlike `devalue.parse` it never throws and never needs the reviver table: unknown
 * tags become `tagged` nodes, cycles become `ref` nodes, and input that is not devalue at all is shown raw.
 */

export type ValueNode =
  | { kind: "primitive"; type: "string" | "number" | "boolean" | "null" | "undefined" | "bigint"; value: string }
  | { kind: "array"; items: ValueNode[]; length: number }
  | { kind: "object"; entries: Array<[string, ValueNode]>; nullProto?: boolean }
  | { kind: "map"; entries: Array<[ValueNode, ValueNode]> }
  | { kind: "set"; items: ValueNode[] }
  | { kind: "special"; type: string; text: string }
  | { kind: "tagged"; tag: string; value: ValueNode }
  | { kind: "ref"; path: string }
  | { kind: "raw"; text: string; reason: string };

const SPECIAL_NUMBERS: Record<number, ValueNode> = {
  [-1]: { kind: "primitive", type: "undefined", value: "undefined" },
  [-3]: { kind: "primitive", type: "number", value: "NaN" },
  [-4]: { kind: "primitive", type: "number", value: "Infinity" },
  [-5]: { kind: "primitive", type: "number", value: "-Infinity" },
  [-6]: { kind: "primitive", type: "number", value: "-0" },
};
const HOLE = -2;
const SPARSE = -7;
const STRING_TAGS = new Set(["Date", "URL", "URLSearchParams", "RegExp", "BigInt"]);
const MAX_NODES = 20_000;

/** Decodes `serialized`; `undefined` input (field absent) decodes to an `undefined` primitive. */
export function decodeValue(serialized: string | undefined): ValueNode {
  if (serialized === undefined) return SPECIAL_NUMBERS[-1];
  let parsed: unknown;
  try {
    parsed = JSON.parse(serialized);
  } catch {
    return { kind: "raw", text: serialized, reason: "not JSON" };
  }
  if (typeof parsed === "number") {
    return SPECIAL_NUMBERS[parsed] ?? { kind: "raw", text: serialized, reason: "not a devalue root" };
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return { kind: "raw", text: serialized, reason: "not devalue" };
  const values = parsed as unknown[];
  const paths = new Map<number, string>();
  let budget = MAX_NODES;

  const visit = (index: unknown, path: string): ValueNode => {
    if (typeof index !== "number" || !Number.isInteger(index)) throw new Error(`bad reference at ${path}`);
    if (index < 0) {
      const special = SPECIAL_NUMBERS[index];
      if (special) return special;
      throw new Error(`bad sentinel ${index} at ${path}`);
    }
    if (index >= values.length) throw new Error(`reference out of range at ${path}`);
    if (--budget < 0) throw new Error("value too large to display");
    const value = values[index];
    if (value === null) return { kind: "primitive", type: "null", value: "null" };
    if (typeof value === "string") return { kind: "primitive", type: "string", value };
    if (typeof value === "number") return { kind: "primitive", type: "number", value: String(value) };
    if (typeof value === "boolean") return { kind: "primitive", type: "boolean", value: String(value) };
    if (typeof value !== "object") throw new Error(`unexpected ${typeof value} at ${path}`);
    const seen = paths.get(index);
    if (seen !== undefined) return { kind: "ref", path: seen };
    paths.set(index, path);
    try {
      return visitObject(value as object, path);
    } finally {
      // Shared (non-cyclic) references are displayed in full where they appear again.
      paths.delete(index);
    }
  };

  const visitObject = (value: object, path: string): ValueNode => {
    if (!Array.isArray(value)) {
      return { kind: "object", entries: Object.entries(value).map(([key, child]) => [key, visit(child, `${path}.${key}`)]) };
    }
    if (typeof value[0] === "string") return visitTagged(value[0], value, path);
    if (value[0] === SPARSE) {
      const length = Number(value[1]);
      const items: ValueNode[] = [];
      for (let i = 2; i < value.length; i += 2) items.push(visit(value[i + 1], `${path}[${value[i]}]`));
      return { kind: "array", items, length };
    }
    const items = value.map((child, i) =>
      child === HOLE ? ({ kind: "special", type: "hole", text: "<empty>" } as ValueNode) : visit(child, `${path}[${i}]`),
    );
    return { kind: "array", items, length: value.length };
  };

  const visitTagged = (tag: string, value: unknown[], path: string): ValueNode => {
    if (tag === "BigInt") return { kind: "primitive", type: "bigint", value: `${String(value[1])}n` };
    if (tag === "RegExp") return { kind: "special", type: "RegExp", text: `/${String(value[1])}/${String(value[2] ?? "")}` };
    if (STRING_TAGS.has(tag) && typeof value[1] === "string") return { kind: "special", type: tag, text: value[1] };
    if (tag === "Set") return { kind: "set", items: value.slice(1).map((child, i) => visit(child, `${path}<${i}>`)) };
    if (tag === "Map") {
      const entries: Array<[ValueNode, ValueNode]> = [];
      for (let i = 1; i < value.length; i += 2) entries.push([visit(value[i], `${path}<key>`), visit(value[i + 1], `${path}<value>`)]);
      return { kind: "map", entries };
    }
    if (tag === "null") {
      const entries: Array<[string, ValueNode]> = [];
      for (let i = 1; i < value.length; i += 2) entries.push([String(value[i]), visit(value[i + 1], `${path}.${String(value[i])}`)]);
      return { kind: "object", entries, nullProto: true };
    }
    if (tag === "Object") return { kind: "tagged", tag: "Boxed", value: visit(value[1], path) };
    if (tag === "ArrayBuffer") return { kind: "special", type: "ArrayBuffer", text: describeBase64(value[1]) };
    if (/Array$|^DataView$/.test(tag) && typeof value[1] === "number") {
      const buffer = values[value[1]];
      const text = Array.isArray(buffer) && buffer[0] === "ArrayBuffer" ? describeBase64(buffer[1]) : "";
      return { kind: "special", type: tag, text };
    }
    // A custom reducer: its payload is either a reference or an inline value.
    const payload = value[1];
    if (typeof payload === "number") return { kind: "tagged", tag, value: visit(payload, `${path}<${tag}>`) };
    return { kind: "tagged", tag, value: { kind: "special", type: "inline", text: JSON.stringify(payload) ?? "undefined" } };
  };

  try {
    return visit(0, "$");
  } catch (error) {
    return { kind: "raw", text: serialized, reason: (error as Error).message };
  }
}

function describeBase64(value: unknown): string {
  if (typeof value !== "string") return "";
  const bytes = Math.floor((value.replace(/=+$/, "").length * 3) / 4);
  return `${bytes} bytes`;
}

/** A one-line preview of a decoded value, for table cells and bar labels. */
export function previewValue(node: ValueNode, max = 80): string {
  const text = preview(node, 2);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function preview(node: ValueNode, depth: number): string {
  switch (node.kind) {
    case "primitive":
      return node.type === "string" ? JSON.stringify(node.value) : node.value;
    case "array":
      return depth <= 0 ? `Array(${node.length})` : `[${node.items.map((item) => preview(item, depth - 1)).join(", ")}]`;
    case "object":
      return depth <= 0
        ? "{…}"
        : `{${node.entries.map(([key, value]) => `${key}: ${preview(value, depth - 1)}`).join(", ")}}`;
    case "map":
      return `Map(${node.entries.length})`;
    case "set":
      return `Set(${node.items.length})`;
    case "special":
      return node.type === "inline" ? node.text : `${node.type}(${node.text})`;
    case "tagged":
      return `${node.tag}(${preview(node.value, depth)})`;
    case "ref":
      return `[Circular ${node.path}]`;
    case "raw":
      return node.text;
  }
}
