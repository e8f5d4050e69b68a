import { describe, expect, it } from "vitest";
import { assertStreamName, createReferenceStreamName, isStreamName, userStreamName } from "./stream-names.ts";

const RUN = "wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV";

describe("stream names", () => {
  it("names a run's default and namespaced user streams", () => {
    expect(userStreamName(RUN)).toBe("strm_01ARZ3NDEKTSV4RRFFQ69G5FAV_user");
    expect(userStreamName(RUN, "logs")).toBe("strm_01ARZ3NDEKTSV4RRFFQ69G5FAV_user_bG9ncw");
    expect(userStreamName(RUN, "ü/../x y")).toMatch(/^strm_01ARZ3NDEKTSV4RRFFQ69G5FAV_user_[A-Za-z0-9_-]+$/);
    expect(userStreamName(RUN, "a")).not.toBe(userStreamName(RUN, "b"));
  });

  it("rejects bad run ids and namespaces", () => {
    expect(() => userStreamName("run_1")).toThrow(/Invalid run id/);
    expect(() => userStreamName(RUN, "")).toThrow(/Invalid stream namespace/);
    expect(() => userStreamName(RUN, "x".repeat(65))).toThrow(/at most 64 bytes/);
  });

  it("gives streams passed by reference unguessable, distinct names", () => {
    const names = new Set(Array.from({ length: 100 }, () => createReferenceStreamName(RUN)));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^strm_01ARZ3NDEKTSV4RRFFQ69G5FAV_ref_[A-Za-z0-9_-]{22}$/);
    expect(createReferenceStreamName()).toMatch(/^strm_ref_[A-Za-z0-9_-]{22}$/);
  });

  it("accepts only names it produces", () => {
    expect(isStreamName(userStreamName(RUN, "logs"))).toBe(true);
    for (const bad of ["", "strm_", "../etc/passwd", "strm_01ARZ3NDEKTSV4RRFFQ69G5FAV_user/..", "strm_ref_short", 42, null]) {
      expect(isStreamName(bad)).toBe(false);
    }
    expect(() => assertStreamName("strm_x/../../y")).toThrow(/Invalid stream name/);
  });
});
