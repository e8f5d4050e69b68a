import { describe, expect, it } from "vitest";
import { createUlidGenerator, decodeTime, isUlid } from "./ulid.ts";

const AT = Date.UTC(2026, 0, 1);

describe("createUlidGenerator", () => {
  it("returns well-formed ULIDs that encode the time asked for", () => {
    const id = createUlidGenerator().next(AT);
    expect(isUlid(id)).toBe(true);
    expect(decodeTime(id)).toBe(AT);
  });

  it("keeps increasing within one millisecond, across many new milliseconds", () => {
    const ulid = createUlidGenerator();
    let last = "";
    for (let ms = 0; ms < 600; ms++) {
      for (let k = 0; k < 3; k++) {
        const id = ulid.next(AT + ms);
        expect(id > last).toBe(true);
        last = id;
      }
    }
  });

  it("goes past `after`, carrying over trailing Z digits", () => {
    const time = createUlidGenerator().next(AT).slice(0, 10);
    const cases: Array<[string, string]> = [
      [`${time}0000000000000000`, `${time}0000000000000001`],
      [`${time}000000000000000Z`, `${time}0000000000000010`],
      [`${time}0000000000000YZZ`, `${time}0000000000000Z00`],
    ];
    for (const [after, expected] of cases) expect(createUlidGenerator().next(AT, after)).toBe(expected);
  });

  it("moves to the next millisecond when the random part is used up", () => {
    const time = createUlidGenerator().next(AT).slice(0, 10);
    const id = createUlidGenerator().next(AT, `${time}${"Z".repeat(16)}`);
    expect(decodeTime(id)).toBe(AT + 1);
  });
});
