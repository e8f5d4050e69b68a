import { describe, expect, it } from "vitest";
import { CHUNK_TAG, decodeStreamChunk, encodeStreamChunk, encodeStreamError } from "./stream-chunk-codec.ts";

describe("stream chunk codec", () => {
  const rows: Array<{ name: string; value: unknown }> = [
    { name: "bytes", value: new Uint8Array([0, 1, 255, 10]) },
    { name: "empty bytes", value: new Uint8Array(0) },
    { name: "string", value: "hello\nworld" },
    { name: "number", value: 42 },
    { name: "null", value: null },
    { name: "object with table types", value: { at: new Date(0), tags: new Set(["a"]), big: 10n, map: new Map([[1, "x"]]) } },
    { name: "other typed array", value: new Uint16Array([1, 2, 3]) },
  ];
  for (const { name, value } of rows) {
    it(`round-trips ${name}`, () => {
      const decoded = decodeStreamChunk(encodeStreamChunk(value));
      expect(decoded.kind).toBe("chunk");
      expect((decoded as { value: unknown }).value).toEqual(value);
    });
  }

  it("stores bytes raw behind one tag byte", () => {
    const record = encodeStreamChunk(new Uint8Array([7, 8]));
    expect([...record]).toEqual([CHUNK_TAG.bytes, 7, 8]);
    const value = decodeStreamChunk(record) as { value: Uint8Array };
    expect(value.value).toBeInstanceOf(Uint8Array);
  });

  it("fails on values the types table cannot carry, naming the chunk", () => {
    expect(() => encodeStreamChunk({ callback: () => 1 })).toThrow(/stream chunk/);
  });

  it("records an error a reader gets back", () => {
    const decoded = decodeStreamChunk(encodeStreamError(new RangeError("boom")));
    expect(decoded.kind).toBe("error");
    expect((decoded as { error: Error }).error.message).toBe("boom");
    expect((decoded as { error: Error }).error.name).toBe("RangeError");
    const fromString = decodeStreamChunk(encodeStreamError({ fn: () => 1 }));
    expect((fromString as { error: Error }).error.message).toBe("[object Object]");
  });

  it("rejects unknown records", () => {
    expect(() => decodeStreamChunk(new Uint8Array([9, 1]))).toThrow(/Unknown stream record tag 0x9/);
  });
});
