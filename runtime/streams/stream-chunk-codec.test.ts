import { describe, expect, it } from "vitest";
import { attemptPrefix, CHUNK_TAG, decodeStreamChunk, encodeStreamChunk, encodeStreamError, splitAttemptTag } from "./stream-chunk-codec.ts";

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

  describe("attempt tags", () => {
    const tag = { correlationId: "step_01ARZ3NDEKTSV4RRFFQ69G5FAV_12", attempt: 3 };
    const prefix = attemptPrefix(tag);

    for (const { name, value } of rows) {
      it(`round-trips ${name} behind a tag, which split returns`, () => {
        const stored = encodeStreamChunk(value, prefix);
        expect(stored[0]).toBe(CHUNK_TAG.attempt);
        const split = splitAttemptTag(stored);
        expect(split.tag).toEqual(tag);
        expect([...split.record]).toEqual([...encodeStreamChunk(value)]);
        expect((decodeStreamChunk(stored) as { value: unknown }).value).toEqual(value);
      });
    }

    it("tags errors too", () => {
      const stored = encodeStreamError(new Error("late"), prefix);
      expect(splitAttemptTag(stored).tag).toEqual(tag);
      expect((decodeStreamChunk(stored) as { error: Error }).error.message).toBe("late");
    });

    it("reads untagged records as written by a step of no attempt", () => {
      const old = encodeStreamChunk("plain");
      expect(splitAttemptTag(old)).toEqual({ record: old });
      expect(decodeStreamChunk(old)).toEqual({ kind: "chunk", value: "plain" });
    });

    it("keeps a tagged text chunk valid UTF-8, so text stores keep it readable", () => {
      expect(() => new TextDecoder("utf-8", { fatal: true }).decode(encodeStreamChunk("é", prefix))).not.toThrow();
    });

    it("rejects an attempt or correlation id it could not read back", () => {
      expect(() => attemptPrefix({ correlationId: "step_1", attempt: 0 })).toThrow(/attempt 0/);
      expect(() => attemptPrefix({ correlationId: "step 1", attempt: 1 })).toThrow(/correlation id/);
      expect(() => attemptPrefix({ correlationId: "s".repeat(200), attempt: 1 })).toThrow(/correlation id/);
    });

    it("leaves a malformed header for decode to reject", () => {
      const broken = new Uint8Array([CHUNK_TAG.attempt, 40, 0x61]);
      expect(splitAttemptTag(broken).tag).toBeUndefined();
      expect(() => decodeStreamChunk(broken)).toThrow(/Unknown stream record tag 0x3/);
    });
  });
});
