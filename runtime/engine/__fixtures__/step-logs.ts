const attempts: Record<string, number> = {};

/** Prints on every attempt, and fails its first one. */
export async function chatty(key: string, lines: number) {
  "use step";
  attempts[key] = (attempts[key] ?? 0) + 1;
  console.log("attempt", attempts[key], { key });
  for (let index = 1; index < lines; index++) console.info(`line ${index}`);
  if (attempts[key] === 1) {
    console.error("giving up on attempt 1");
    throw new Error("first attempt fails");
  }
  console.warn("done");
  return attempts[key];
}

export async function logsEveryAttempt(key: string, lines: number) {
  "use workflow";
  return await chatty(key, lines);
}

const RELEASE = Symbol.for("vite-workflow.test.releaseStepLogs");

/** Prints, waits until the test releases it (a promise on the global), then prints again. */
export async function waitsForRelease() {
  "use step";
  console.log("before release");
  await (globalThis as unknown as Record<symbol, Promise<void>>)[RELEASE];
  console.log("after release");
  return "released";
}

export async function logsLive() {
  "use workflow";
  return await waitsForRelease();
}
