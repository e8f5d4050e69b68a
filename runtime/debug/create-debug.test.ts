import { afterEach, describe, expect, test } from "vitest";
import { createDebug, debugOutput } from "./create-debug.ts";

const originalWrite = debugOutput.write;
afterEach(() => {
  debugOutput.write = originalWrite;
});

function capture(): string[] {
  const lines: string[] = [];
  debugOutput.write = (line) => lines.push(line);
  return lines;
}

describe("createDebug", () => {
  test.each([
    { env: undefined, enabled: false },
    { env: "", enabled: false },
    { env: "vite-workflow:engine", enabled: true },
    { env: "vite-workflow:*", enabled: true },
    { env: "other,vite-workflow:*", enabled: true },
    { env: "*,-vite-workflow:engine", enabled: false },
    { env: "vite-workflow:world", enabled: false },
  ])("DEBUG=$env enables vite-workflow:engine: $enabled", ({ env, enabled }) => {
    const lines = capture();
    const debug = createDebug("vite-workflow:engine", env);
    debug("hello");
    expect(debug.enabled).toBe(enabled);
    expect(lines.length).toBe(enabled ? 1 : 0);
    if (enabled) expect(lines[0]).toMatch(/vite-workflow:engine hello$/);
  });
});
