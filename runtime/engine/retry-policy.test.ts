import { describe, expect, test } from "vitest";
import { FatalError } from "../errors/fatal-error.ts";
import { RetryableError } from "../errors/retryable-error.ts";
import { decideRetry } from "./retry-policy.ts";

describe("decideRetry", () => {
  test.each([
    { name: "first failure retries after 1 s", error: new Error("x"), attempt: 1, maxRetries: undefined, expected: { fatal: false, retryAt: 1000 } },
    { name: "default allows 3 retries (4 attempts)", error: new Error("x"), attempt: 3, maxRetries: undefined, expected: { fatal: false, retryAt: 1000 } },
    { name: "the 4th attempt is the last", error: new Error("x"), attempt: 4, maxRetries: undefined, expected: { fatal: true } },
    { name: "maxRetries = 0 means one attempt", error: new Error("x"), attempt: 1, maxRetries: 0, expected: { fatal: true } },
    { name: "maxRetries = 5 allows a 6th attempt", error: new Error("x"), attempt: 5, maxRetries: 5, expected: { fatal: false, retryAt: 1000 } },
    { name: "FatalError is final at once", error: new FatalError("x"), attempt: 1, maxRetries: 10, expected: { fatal: true } },
    { name: "invalid maxRetries falls back to 3", error: new Error("x"), attempt: 4, maxRetries: -2, expected: { fatal: true } },
  ])("$name", ({ error, attempt, maxRetries, expected }) => {
    expect(decideRetry({ error, attempt, maxRetries, now: 0 })).toEqual(expected);
  });

  test("RetryableError.retryAfter sets the due time", () => {
    const retryAfter = new Date(Date.now() + 60_000);
    const decision = decideRetry({ error: new RetryableError("later", { retryAfter }), attempt: 1, now: Date.now() });
    expect(decision).toEqual({ fatal: false, retryAt: retryAfter.getTime() });
  });
});
