import { describe, expect, it } from "vitest";
import { resolveServerNode } from "./server-node.ts";

describe("the Node the bench's servers run on", () => {
  it("is the bench's own Node unless BENCH_SERVER_NODE names another", () => {
    expect(resolveServerNode({})).toEqual({ path: process.execPath, version: process.version });
    expect(resolveServerNode({ BENCH_SERVER_NODE: process.execPath }).version).toBe(process.version);
  });

  it("refuses a path that is not a node binary, saying what to do", () => {
    expect(() => resolveServerNode({ BENCH_SERVER_NODE: "/nonexistent/node" })).toThrow(/BENCH_SERVER_NODE="\/nonexistent\/node" is not a runnable node binary .*unset it/);
    expect(() => resolveServerNode({ BENCH_SERVER_NODE: "/bin/true" })).toThrow(/is not a runnable node binary/);
    expect(() => resolveServerNode({ BENCH_SERVER_NODE: "/bin/true" })).toThrow(/it answered --version with "/);
  });
});
