// Child process of the streams test: reads a run's default stream from a shared data dir, one line per chunk.
import { getRunReadable } from "../../streams/run-streams.ts";
import { createFsWorld } from "../../world/fs/create-fs-world.ts";

const { WF_DATA_DIR, WF_RUN_ID } = process.env as Record<string, string>;
const world = await createFsWorld({ dataDir: WF_DATA_DIR });
process.stdout.write("ready\n");
for await (const chunk of getRunReadable(world.streams, WF_RUN_ID) as unknown as AsyncIterable<unknown>) {
  process.stdout.write(`chunk ${JSON.stringify(chunk)}\n`);
}
process.stdout.write("end\n");
await world.close();
process.exit(0);
