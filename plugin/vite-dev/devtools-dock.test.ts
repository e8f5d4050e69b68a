import { describe, expect, it } from "vitest";
import { createDevtoolsDock } from "./devtools-dock.ts";

describe("createDevtoolsDock", () => {
  it("registers the panel as an iframe dock of /__workflow/, unless the panel is turned off", () => {
    const registered: unknown[] = [];
    const context = { docks: { register: (entry: unknown) => registered.push(entry) } };
    createDevtoolsDock(() => false).setup(context);
    expect(registered).toEqual([]);
    createDevtoolsDock(() => true).setup(context);
    expect(registered).toEqual([expect.objectContaining({ id: "vite-workflow", type: "iframe", url: "/__workflow/", title: "Workflows" })]);
  });
});
