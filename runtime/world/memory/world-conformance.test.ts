import { describeWorldConformance, trackWorlds } from "../conformance/describe-world-conformance.ts";
import { createMemoryWorld } from "./create-memory-world.ts";

// A memory store lives in one world instance, so the tests that need a second instance are skipped.
describeWorldConformance("memory world", async () => {
  const worlds = trackWorlds();
  return { world: worlds.add(createMemoryWorld()), dispose: () => worlds.closeAll() };
});
