import * as devalue from "devalue";
import { describe, expect, it } from "vitest";
import { decodeValue, previewValue } from "./decode-value.ts";

const rows: Array<{ name: string; value: unknown; preview: string }> = [
  { name: "string", value: "hi", preview: '"hi"' },
  { name: "number", value: 42, preview: "42" },
  { name: "undefined", value: undefined, preview: "undefined" },
  { name: "NaN", value: NaN, preview: "NaN" },
  { name: "bigint", value: 10n, preview: "10n" },
  { name: "array", value: [1, "a", null], preview: '[1, "a", null]' },
  { name: "object", value: { a: 1, b: { c: true } }, preview: "{a: 1, b: {c: true}}" },
  { name: "Date", value: new Date(0), preview: "Date(1970-01-01T00:00:00.000Z)" },
  { name: "Map", value: new Map([["k", 1]]), preview: "Map(1)" },
  { name: "Set", value: new Set([1, 2]), preview: "Set(2)" },
  { name: "RegExp", value: /a+/gi, preview: "RegExp(/a+/gi)" },
  { name: "URL", value: new URL("https://x.test/a"), preview: "URL(https://x.test/a)" },
  { name: "Uint8Array", value: new Uint8Array([1, 2, 3]), preview: "Uint8Array(3 bytes)" },
];

describe("decodeValue", () => {
  for (const row of rows) {
    it(`decodes ${row.name}`, () => {
      expect(previewValue(decodeValue(devalue.stringify(row.value)))).toBe(row.preview);
    });
  }

  it("shows custom reducer tags without knowing them", () => {
    class Money { constructor(readonly cents: number) {} }
    const text = devalue.stringify({ price: new Money(250) }, { Money: (v) => v instanceof Money && { cents: v.cents } });
    expect(previewValue(decodeValue(text))).toBe("{price: Money({cents: 250})}");
  });

  it("turns cycles into refs instead of recursing forever", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    expect(previewValue(decodeValue(devalue.stringify(a)), 200)).toBe("{name: \"a\", self: [Circular $]}");
  });

  it("never throws on corrupt input", () => {
    expect(decodeValue("{not json")).toMatchObject({ kind: "raw", reason: "not JSON" });
    expect(decodeValue("[[7]]")).toMatchObject({ kind: "raw", reason: "reference out of range at $[0]" });
    expect(decodeValue('{"a":1}')).toMatchObject({ kind: "raw", reason: "not devalue" });
    expect(decodeValue(undefined)).toMatchObject({ kind: "primitive", type: "undefined" });
  });
});
