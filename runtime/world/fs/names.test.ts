import { describe, expect, it } from "vitest";
import { fromFileName, toFileName } from "./names.ts";
import { createUlidGenerator, decodeTime, isUlid } from "./ulid.ts";

describe("ulid", () => {
  it("is Crockford base32, carries its time and increases within one millisecond", () => {
    const ulid = createUlidGenerator();
    const ids = Array.from({ length: 1000 }, () => ulid.next(1_700_000_000_000));
    expect(ids.every(isUlid)).toBe(true);
    expect(decodeTime(ids[0])).toBe(1_700_000_000_000);
    expect(ids.toSorted()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
  });

  it("stays above a given floor even when the clock is behind it", () => {
    const ulid = createUlidGenerator();
    const floor = createUlidGenerator().next(2_000_000_000_000);
    const next = ulid.next(1_000, floor);
    expect(next > floor).toBe(true);
    expect(ulid.next(1_000) > next).toBe(true);
  });
});

describe("file names", () => {
  it.each([
    ["strm_01ARZ3NDEKTSV4RRFFQ69G5FAV_user", "strm_01ARZ3NDEKTSV4RRFFQ69G5FAV_user"],
    ["../../etc/passwd", `~${Buffer.from("../../etc/passwd").toString("base64url")}`],
    ["a/b", "~YS9i"],
    ["ünï", `~${Buffer.from("ünï").toString("base64url")}`],
  ])("maps %j to one safe path segment and back", (name, file) => {
    expect(toFileName("stream name", name)).toBe(file);
    expect(fromFileName(file)).toBe(name);
  });

  it.each([[""], ["x".repeat(171)], [42], [undefined]])("rejects %j", (name) => {
    expect(() => toFileName("stream name", name)).toThrow(expect.objectContaining({ code: "ERR_WORLD_INVALID_INPUT" }));
  });
});
