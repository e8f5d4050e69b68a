import { appendFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { serialize } from "../serialization/serialize.ts";
import { encodeStreamChunk } from "../streams/stream-chunk-codec.ts";
import { createFsWorld } from "../world/fs/create-fs-world.ts";
import { main } from "./main.ts";
import { APPROVAL, cli, removeSeededWorlds, seedWorld } from "./__fixtures__/seed-world.ts";

type Seeded = Awaited<ReturnType<typeof seedWorld>>;
let seeded: Seeded;
beforeAll(async () => {
  seeded = await seedWorld();
});
afterAll(removeSeededWorlds);
const run = (argv: string[], io: Parameters<typeof cli>[1] = { cwd: seeded.root }) => cli(argv, io);
const ANSI = "\u001b[";

describe("inspect runs", () => {
  test("lists runs newest first with workflow short name, status and duration", async () => {
    const { code, stdout, stderr } = await run(["inspect", "runs"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^RUN ID\s+WORKFLOW\s+STATUS\s+CREATED\s+DURATION$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 3))).toEqual([
      [seeded.runs.running, "awaitApproval", "running"],
      [seeded.runs.failed, "chargeCard", "failed"],
      [seeded.runs.completed, "userSignup", "completed"],
    ]);
    expect(stdout).not.toContain(ANSI);
  });

  test("filters by status and by workflow (short name or full id)", async () => {
    const failed = JSON.parse((await run(["inspect", "runs", "--status", "failed", "--json"])).stdout);
    expect(failed.data.map((r: { runId: string }) => r.runId)).toEqual([seeded.runs.failed]);
    const short = JSON.parse((await run(["inspect", "runs", "--workflow", "awaitApproval", "--json"])).stdout);
    expect(short.data.map((r: { runId: string }) => r.runId)).toEqual([seeded.runs.running]);
    const full = JSON.parse((await run(["inspect", "runs", "--workflow", APPROVAL, "--json"])).stdout);
    expect(full.data.map((r: { runId: string }) => r.runId)).toEqual([seeded.runs.running]);
  });

  test("pages with --limit and --cursor", async () => {
    const first = JSON.parse((await run(["inspect", "runs", "--limit", "2", "--json"])).stdout);
    expect(first.data.map((r: { runId: string }) => r.runId)).toEqual([seeded.runs.running, seeded.runs.failed]);
    expect(first.cursor).toBe(seeded.runs.failed);
    const second = JSON.parse((await run(["inspect", "runs", "--limit", "2", "--cursor", first.cursor, "--json"])).stdout);
    expect(second).toMatchObject({ data: [{ runId: seeded.runs.completed }], cursor: null });
    const text = await run(["inspect", "runs", "--limit", "2"]);
    expect(text.stdout).toContain(`workflow inspect runs --cursor ${seeded.runs.failed} --limit 2`);
  });

  test("shows one run: hydrated input and output, steps with attempts, sleeps, hooks", async () => {
    const { code, stdout } = await run(["inspect", "runs", seeded.runs.completed]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Run ${seeded.runs.completed}`);
    expect(stdout).toMatch(/Workflow\s+userSignup \(workflow\/\/src\/workflows\/signup\.ts\/\/userSignup\)/);
    expect(stdout).toContain('"1970-01-01T00:00:00.000Z"');
    expect(stdout).toMatch(/"credits": \{\s+"\$type": "BigInt",\s+"value": "10"/);
    expect(stdout).toMatch(/step_01\s+createUser\s+completed\s+2\s/);
    expect(stdout).toMatch(/wait_01\s+done/);
    expect(stdout).toMatch(/hook_01\s+hook\s+disposed\s+1\s+approve-u1/);
  });

  test("shows a failed run's error with its stack and cause", async () => {
    const { stdout } = await run(["inspect", "run", seeded.runs.failed]);
    expect(stdout).toContain("Error\n  FatalError: card declined\n      at step (src/workflows/x.ts:3:9)\n  Caused by: Error: issuer said no");
    expect(stdout).toMatch(/step_01\s+charge\s+failed\s+1\s.*FatalError: card declined/);
  });

  test("--json prints the same run object in the list and in the single view", async () => {
    const list = JSON.parse((await run(["inspect", "runs", "--json"])).stdout);
    const listed = list.data.find((r: { runId: string }) => r.runId === seeded.runs.completed);
    const shown = JSON.parse((await run(["inspect", "runs", seeded.runs.completed, "--json"])).stdout);
    expect(shown).toMatchObject(listed);
    expect(shown.input).toEqual(["a@b.c", "1970-01-01T00:00:00.000Z"]);
    expect(shown.output).toEqual({ userId: "u1", credits: { $type: "BigInt", value: "10" } });
    expect(shown.steps[0].attempts.map((a: { outcome: string }) => a.outcome)).toEqual(["failed", "completed"]);
    expect(shown.hooks[0]).toMatchObject({ token: "approve-u1", live: false, payloads: [{ approved: true }] });
  });

  test("an unknown run id is a user error naming the data directory", async () => {
    const missing = "wrun_01JD8Z3K4M5N6P7Q8R9S0T1V2W";
    const { code, stdout, stderr } = await run(["inspect", "runs", missing]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(`Run ${missing} not found in ${seeded.dataDir}`);
  });
});

describe("inspect steps, events, hooks", () => {
  test("lists steps with input and output, the same objects in --json as in the single view", async () => {
    const { stdout } = await run(["inspect", "steps", seeded.runs.completed]);
    expect(stdout).toMatch(/step_01\s+createUser\s+completed\s+2\s.*\["a@b\.c"\]\s+\{"id":"u1"/);
    const list = JSON.parse((await run(["inspect", "steps", seeded.runs.completed, "--json"])).stdout);
    const one = JSON.parse((await run(["inspect", "steps", seeded.runs.completed, "step_01", "--json"])).stdout);
    expect(one).toMatchObject(list.data[0]);
    expect(one.output).toEqual({ id: "u1", tags: { $type: "Set", values: ["new"] } });
    expect(one.events.map((e: { type: string }) => e.type)).toEqual([
      "step_created",
      "step_started",
      "step_failed",
      "step_retrying",
      "step_started",
      "step_completed",
    ]);
  });

  test("shows one step with its attempts; an unknown step is a user error", async () => {
    const { stdout } = await run(["inspect", "steps", seeded.runs.completed, "step_01"]);
    expect(stdout).toContain("Last error\n  RetryableError: database busy");
    expect(stdout).toMatch(/Attempts \(2\)\n\s+#\s+STARTED.*\n\s+1 .*failed\s+RetryableError: database busy\n\s+2 .*completed/);
    const missing = await run(["inspect", "steps", seeded.runs.completed, "step_99"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`Step step_99 not found in run ${seeded.runs.completed}. Its steps: step_01.`);
  });

  test("prints the event log with decoded payloads, from an index", async () => {
    const { stdout } = await run(["inspect", "events", seeded.runs.completed]);
    expect(stdout).toMatch(/^\s*#\s+AT\s+TYPE\s+CORRELATION ID\s+DETAIL$/m);
    expect(stdout).toMatch(/\n\s*0\s+\+\d+ms\s+run_created\s+userSignup \["a@b\.c","1970-01-01T00:00:00\.000Z"\]/);
    expect(stdout).toMatch(/13\s+\+\d+ms\s+run_completed\s+\{"userId":"u1"/);
    const tail = JSON.parse((await run(["inspect", "events", seeded.runs.completed, "--from", "12", "--json"])).stdout);
    expect(tail.data.map((e: { index: number; type: string }) => [e.index, e.type])).toEqual([
      [12, "hook_disposed"],
      [13, "run_completed"],
    ]);
    expect(tail.data[1].output).toEqual({ userId: "u1", credits: { $type: "BigInt", value: "10" } });
    expect(tail.data[1].createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test("lists live hooks of unfinished runs with their tokens, and every hook of one run", async () => {
    const live = await run(["inspect", "hooks"]);
    expect(live.stdout).toMatch(new RegExp(`${seeded.runs.running}\\s+hook_01\\s+webhook\\s+live\\s+0\\s.*tok-live-7`));
    expect(live.stdout).not.toContain("approve-u1");
    const json = JSON.parse((await run(["inspect", "hooks", "--json"])).stdout);
    expect(json.data).toEqual([expect.objectContaining({ runId: seeded.runs.running, token: "tok-live-7", metadata: { doc: "doc-7" } })]);
    const ofRun = await run(["inspect", "hooks", seeded.runs.completed]);
    expect(ofRun.stdout).toMatch(/hook_01\s+hook\s+disposed\s+1\s.*approve-u1/);
  });
});

describe("aliases", () => {
  test.each([
    ["r", "runs"],
    ["run", "runs"],
    ["ru", "runs"],
    ["s", "steps"],
    ["step", "steps"],
    ["e", "events"],
    ["event", "events"],
    ["h", "hooks"],
    ["hook", "hooks"],
    ["st", "streams"],
    ["stream", "streams"],
  ])("%s means %s", async (alias, name) => {
    const args = name === "runs" || name === "hooks" ? [] : [seeded.runs.completed];
    const viaAlias = await run(["i", alias, ...args, "--json"]);
    const viaName = await run(["inspect", name, ...args, "--json"]);
    expect(viaAlias.code).toBe(0);
    expect(viaAlias.stdout).toBe(viaName.stdout);
  });
});

describe("usage errors exit 2 with the usage text", () => {
  test.each([
    [["inspect", "runs", "--bogus"], "Unknown option '--bogus'", "Usage: workflow inspect runs"],
    [["inspect", "steps"], "Missing argument", "Usage: workflow inspect steps"],
    [["inspect", "events", "wrun_x", "extra"], 'Unexpected argument "extra"', "Usage: workflow inspect events"],
    [["inspect", "runs", "--status", "done"], "--status must be one of pending, running, completed, failed, cancelled", "Usage: workflow inspect runs"],
    [["inspect", "runs", "--limit", "0"], "--limit must be an integer from 1 to 1000", "Usage: workflow inspect runs"],
    [["inspect", "stuff"], 'Unknown resource "stuff"', "Usage: workflow inspect <resource>"],
    [["cancel", "wrun_x"], 'Unknown command "cancel"', "Usage: workflow <command>"],
    [[], "Missing command", "Usage: workflow <command>"],
  ])("%j", async (argv, message, usage) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr).toContain(usage);
  });

  test("--help prints a command's usage on stdout and exits 0", async () => {
    const { code, stdout } = await run(["inspect", "streams", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: workflow inspect streams <runId | streamName>");
    expect(stdout).toContain("--data-dir");
  });
});

describe("data directory", () => {
  test("is found in the nearest parent that has one", async () => {
    const nested = join(seeded.root, "src", "deep");
    await mkdir(nested, { recursive: true });
    const { code, stdout } = await run(["inspect", "runs", "--json"], { cwd: nested });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).data).toHaveLength(3);
  });

  test("comes from --data-dir or WORKFLOW_EMBEDDED_DATA_DIR", async () => {
    const elsewhere = join(seeded.root, "src");
    const flag = await run(["inspect", "runs", "--json", "--data-dir", "../.workflow-data"], { cwd: elsewhere });
    expect(JSON.parse(flag.stdout).data).toHaveLength(3);
    const env = await run(["inspect", "runs", "--json"], { cwd: "/", env: { WORKFLOW_EMBEDDED_DATA_DIR: seeded.dataDir } });
    expect(JSON.parse(env.stdout).data).toHaveLength(3);
  });

  test("missing: a clear error, exit 1, and nothing is created", async () => {
    const empty = join(seeded.root, "..", `wf-cli-empty-${process.pid}`);
    await mkdir(empty, { recursive: true });
    try {
      const { code, stderr } = await run(["inspect", "runs"], { cwd: empty });
      expect(code).toBe(1);
      expect(stderr).toContain(`No workflow data directory found at ${join(empty, ".workflow-data")}`);
      expect(stderr).toContain("Start a run first, or pass --data-dir.");
      const wrong = await run(["inspect", "runs", "--data-dir", "."], { cwd: empty });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain("is not a workflow data directory");
      await expect(readFile(join(empty, "runs"))).rejects.toThrow();
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe("output", () => {
  test("colours statuses only on a terminal, and never with NO_COLOR", async () => {
    const tty = await run(["inspect", "runs"], { cwd: seeded.root, tty: true });
    expect(tty.stdout).toContain("\u001b[32mcompleted");
    const noColor = await run(["inspect", "runs"], { cwd: seeded.root, tty: true, env: { NO_COLOR: "1" } });
    expect(noColor.stdout).not.toContain(ANSI);
  });

  test("truncates table cells to the terminal width", async () => {
    const narrow = await run(["inspect", "steps", seeded.runs.completed], { cwd: seeded.root, env: { COLUMNS: "70" } });
    for (const line of narrow.stdout.trimEnd().split("\n")) expect(line.length).toBeLessThanOrEqual(70);
    expect(narrow.stdout).toContain("…");
  });

  test("--web serves the panel and its API on the store until Ctrl-C, and prints this view's URL", async () => {
    const controller = new AbortController();
    let printed = "";
    let announced!: () => void;
    const urlPrinted = new Promise<void>((resolve) => (announced = resolve));
    const exit = main(["inspect", "runs", seeded.runs.completed, "--web", "--port", "0"], {
      stdout: { write: (text: string) => ((printed += text), announced()) },
      stderr: { write: () => undefined },
      env: {},
      cwd: seeded.root,
      signal: controller.signal,
    });
    await urlPrinted;
    const url = /(http:\/\/localhost:\d+\/__workflow\/)(\S*)/.exec(printed);
    expect(url?.[2]).toBe(`#/runs/${seeded.runs.completed}`);
    expect(printed).toContain("Read-only");
    const base = url![1];
    const runs = await fetch(`${base}api/runs`);
    expect(runs.status).toBe(200);
    const listed = (await runs.json()) as { data: { runId: string }[] };
    expect(listed.data.map((item) => item.runId)).toContain(seeded.runs.completed);
    const page = await fetch(base);
    // 503 "not built" when the suite runs before `npm run build:devtools`: still the panel's own page.
    expect([200, 503]).toContain(page.status);
    expect(page.headers.get("content-type")).toContain("text/html");
    const root = await fetch(base.replace("/__workflow/", "/"), { redirect: "manual" });
    expect(root.headers.get("location")).toBe("/__workflow/");
    controller.abort();
    expect(await exit).toBe(0);
    await expect(fetch(`${base}api/runs`)).rejects.toThrow();
  });

  test("--web refuses a port in use and a bad port, saying what to pass", async () => {
    const { createServer } = await import("node:net");
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "localhost", () => resolve()));
    const port = (busy.address() as { port: number }).port;
    try {
      const inUse = await run(["inspect", "runs", "--web", "--port", String(port)]);
      expect(inUse.code).toBe(1);
      expect(inUse.stderr).toContain(`Port ${port} is in use`);
      expect(inUse.stderr).toContain("--port");
    } finally {
      busy.close();
    }
    const bad = await run(["inspect", "runs", "--web"], { cwd: seeded.root, env: { WORKFLOW_WEB_PORT: "web" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('WORKFLOW_WEB_PORT must be a port number (0–65535), got "web"');
  });
});

describe("step logs", () => {
  test("inspect steps <run> <step> prints each attempt's console lines, and --json carries them", async () => {
    const { stdout } = await run(["inspect", "steps", seeded.runs.completed, "step_01"]);
    expect(stdout).toContain("Logs of attempt 1");
    expect(stdout).toMatch(/03:04:05\.006 warn\s+pool exhausted, retrying/);
    expect(stdout).toContain("Logs of attempt 2");
    expect(stdout).toMatch(/03:04:06\.007 log\s+created u1\n\s+with tags new/);
    expect(stdout).toContain("… 3 more lines not stored");
    const json = JSON.parse((await run(["inspect", "steps", seeded.runs.completed, "step_01", "--json"])).stdout);
    expect(json.attempts.map((attempt: { logs: unknown[]; logsDropped: number }) => [attempt.logs, attempt.logsDropped])).toEqual([
      [[{ level: "warn", at: "2026-01-02T03:04:05.006Z", text: "pool exhausted, retrying" }], 0],
      [[{ level: "log", at: "2026-01-02T03:04:06.007Z", text: "created u1\nwith tags new" }], 3],
    ]);
  });
});

describe("streams", () => {
  test("lists a run's streams and prints one until it is closed", async () => {
    const world = await createFsWorld({ dataDir: seeded.dataDir });
    const ulid = seeded.runs.running.slice(5);
    const text = `strm_${ulid}_user`;
    const logs = `strm_${ulid}_user_${Buffer.from("logs").toString("base64url")}`;
    await world.streams.write(text, [encodeStreamChunk("hello "), encodeStreamChunk("world\n")]);
    await world.streams.close(text);
    await world.streams.write(logs, [encodeStreamChunk({ step: 1 }), encodeStreamChunk(new TextEncoder().encode("raw\n"))]);
    await world.streams.close(logs);
    await world.close();

    const list = await run(["inspect", "streams", seeded.runs.running]);
    expect(list.stdout).toMatch(new RegExp(`${text}\\s+default \\(getWritable\\(\\)\\)\\s+2\\s+closed`));
    expect(list.stdout).toMatch(new RegExp(`${logs}\\s+namespace "logs"\\s+2\\s+closed`));

    const tail = await run(["inspect", "st", text]);
    expect(tail).toMatchObject({ code: 0, stdout: "hello world\n" });
    const mixed = await run(["inspect", "streams", logs]);
    expect(mixed.stdout).toBe('{"step":1}\nraw\n');
    const ndjson = await run(["inspect", "streams", logs, "--json"]);
    expect(ndjson.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))).toEqual([
      { step: 1 },
      { $type: "Uint8Array", base64: Buffer.from("raw\n").toString("base64") },
    ]);
  });

  test("an unknown stream is a user error", async () => {
    const { code, stderr } = await run(["inspect", "streams", "strm_nope"]);
    expect(code).toBe(1);
    expect(stderr).toContain(`Stream strm_nope not found in ${seeded.dataDir}`);
  });
});

describe("damaged and old data", () => {
  test("a corrupt event log: every run is still listed, the readable events are shown, with warnings", async () => {
    const { root, dataDir, runs } = await seedWorld();
    const log = join(dataDir, "runs", runs.completed, "events.jsonl");
    const lines = (await readFile(log, "utf8")).split("\n");
    lines.splice(5, 0, "{not json");
    await writeFile(log, lines.join("\n"));
    await writeFile(join(dataDir, "runs", runs.completed, "run.json"), "garbage");

    const list = await cli(["inspect", "runs", "--json"], { cwd: root });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).data.map((r: { runId: string; status: string }) => [r.runId, r.status])).toEqual([
      [runs.running, "running"],
      [runs.failed, "failed"],
      [runs.completed, "completed"],
    ]);
    expect(list.stderr).toContain(`warning: run ${runs.completed}: The event log ${log} has an unreadable line 6`);

    // The run had ended before the damage: it stays completed, and the damage is reported.
    const show = await cli(["inspect", "runs", runs.completed], { cwd: root });
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/Status\s+completed/);
    expect(show.stdout).toContain("ERR_CORRUPT_LOG");
    expect(show.stderr).toContain(`warning: run ${runs.completed}: The event log ${log} has an unreadable line 6`);
  });

  test("a corrupt log of an unfinished run: the run shows as failed with ERR_CORRUPT_LOG naming the file and line", async () => {
    const { root, dataDir, runs } = await seedWorld();
    const log = join(dataDir, "runs", runs.running, "events.jsonl");
    const lines = (await readFile(log, "utf8")).split("\n");
    lines.splice(1, 0, "{not json");
    await writeFile(log, lines.join("\n"));

    const list = await cli(["inspect", "runs", "--json"], { cwd: root });
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout).data.find((r: { runId: string }) => r.runId === runs.running);
    expect(listed).toMatchObject({ status: "failed", error: { code: "ERR_CORRUPT_LOG", message: expect.stringContaining(`${log} has an unreadable line 2`) } });

    const show = await cli(["inspect", "runs", runs.running, "--json"], { cwd: root });
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ status: "failed", error: { code: "ERR_CORRUPT_LOG" } });
  });

  test("an undecodable payload is shown as stored, with a warning", async () => {
    const { root, dataDir } = await seedWorld();
    const world = await createFsWorld({ dataDir });
    const { runId } = await world.createRun({ workflowName: "workflow//old.ts//legacy", input: "not devalue", seed: "s" });
    await world.appendEvents(runId, [{ type: "run_started" }, { type: "run_completed", output: serialize([1], "workflow-return-value") }]);
    await world.close();
    const { code, stdout, stderr } = await cli(["inspect", "runs", runId, "--json"], { cwd: root });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).input).toMatchObject({ $type: "Undecodable", text: "not devalue" });
    expect(stderr).toContain(`warning: could not decode the input of run ${runId}`);
  });

  test("a log from before step_created, with missing fields, still folds and prints", async () => {
    const { root, dataDir } = await seedWorld();
    const world = await createFsWorld({ dataDir });
    const { runId } = await world.createRun({ workflowName: "workflow//old.ts//legacy", input: serialize([], "workflow-arguments"), seed: "s" });
    await world.appendEvents(runId, [{ type: "run_started" }]);
    await world.close();
    // Written the way an older version did: no step_created, no attempt, an error without a stack.
    await appendFile(
      join(dataDir, "runs", runId, "events.jsonl"),
      `${JSON.stringify({ type: "step_started", runId, eventId: "evnt_1", createdAt: 1, correlationId: "step_a" })}\n` +
        `${JSON.stringify({ type: "step_failed", runId, eventId: "evnt_2", createdAt: 2, correlationId: "step_a", error: { message: "x" }, fatal: true })}\n` +
        `${JSON.stringify({ type: "mystery_event", runId, eventId: "evnt_3", createdAt: 3 })}\n`,
    );
    const steps = await cli(["inspect", "steps", runId], { cwd: root });
    expect(steps.code).toBe(0);
    expect(steps.stdout).toMatch(/step_a\s+\?\s+failed\s+1\s.*Error: x/);
    const events = await cli(["inspect", "events", runId], { cwd: root });
    expect(events.code).toBe(0);
    expect(events.stdout).toContain("mystery_event");
  });
});
