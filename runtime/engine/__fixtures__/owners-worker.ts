// Child process of the multi-process test: runs the engine on a shared data dir and takes commands, one JSON
// object per stdin line: {"start": workflowName, "args": [...], "tag": "..."} prints "started <tag> <runId>"
// once start() resolved; {"resume": token, "payload": ...} prints "resumed <token>" once resumeHook() resolved.
import { createInterface } from "node:readline";
import { readFileSync } from "node:fs";
import { createRuntime } from "../create-runtime.ts";
import { setRuntime } from "../default-runtime.ts";
import { createFsWorld } from "../../world/fs/create-fs-world.ts";

type Command = { start: string; args: unknown[]; tag: string } | { resume: string; payload: unknown };

const { WF_DATA_DIR, WF_BUNDLE_FILE } = process.env as Record<string, string>;
const bundle = JSON.parse(readFileSync(WF_BUNDLE_FILE, "utf8")) as { code: string; map?: string };
const world = await createFsWorld({ dataDir: WF_DATA_DIR });
const runtime = createRuntime({ world, workflowBundle: () => bundle });
setRuntime(runtime);
process.stdout.write("ready\n");

async function run(command: Command): Promise<string> {
  if ("start" in command) {
    const { runId } = await runtime.start(command.start, command.args);
    return `started ${command.tag} ${runId}`;
  }
  await runtime.resumeHook(command.resume, command.payload);
  return `resumed ${command.resume}`;
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "") continue;
  run(JSON.parse(line) as Command).then(
    (reply) => process.stdout.write(`${reply}\n`),
    (error: unknown) => process.stdout.write(`error ${String(error)}\n`),
  );
}
await runtime.close();
await world.close();
process.exit(0);
