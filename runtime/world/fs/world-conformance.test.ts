import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeWorldConformance, trackWorlds } from "../conformance/describe-world-conformance.ts";
import { createFsWorld } from "./create-fs-world.ts";

describeWorldConformance("filesystem world", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "wf-conformance-"));
  const worlds = trackWorlds();
  return {
    world: worlds.add(await createFsWorld({ dataDir })),
    openAnother: async () => worlds.add(await createFsWorld({ dataDir })),
    async dispose() {
      await worlds.closeAll();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
