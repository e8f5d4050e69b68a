import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { getStepMetadata } from "workflow";

/** Records its attempt in `sideFile`, then kills its own process (SIGKILL: nothing after it runs). */
export async function dies(sideFile: string) {
  "use step";
  const fd = openSync(sideFile, "a");
  writeSync(fd, `${getStepMetadata().attempt} ${process.pid}\n`);
  fsyncSync(fd);
  closeSync(fd);
  process.kill(process.pid, "SIGKILL");
  await new Promise(() => {});
}

/** Like `dies`, with a single attempt. */
export async function diesOnce(sideFile: string) {
  "use step";
  const fd = openSync(sideFile, "a");
  writeSync(fd, `${getStepMetadata().attempt} ${process.pid}\n`);
  fsyncSync(fd);
  closeSync(fd);
  process.kill(process.pid, "SIGKILL");
  await new Promise(() => {});
}
diesOnce.maxRetries = 0;

export async function crashLoop(sideFile: string, once: boolean) {
  "use workflow";
  try {
    await (once ? diesOnce(sideFile) : dies(sideFile));
    return "not thrown";
  } catch (error) {
    const { name, message, code } = error as { name: string; message: string; code?: string };
    return { name, message, code };
  }
}
