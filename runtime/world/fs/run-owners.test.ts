import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { World } from "../world.ts";
import { createTempWorlds } from "./testing/temp-worlds.ts";

const open = createTempWorlds("wf-owners-");
const HOLDER = fileURLToPath(new URL("./__fixtures__/owner-holder.mjs", import.meta.url));
const bundleDir = mkdtempSync(join(tmpdir(), "wf-owners-bundle-"));
const bundle = join(bundleDir, "world.mjs");

beforeAll(async () => {
  await build({
    entryPoints: [fileURLToPath(new URL("./create-fs-world.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: bundle,
    logLevel: "silent",
  });
});
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

const newRun = async (world: World) => (await world.createRun({ workflowName: "workflow//a.ts//f", input: "[]", seed: "s" })).runId;

/** A process holding a claim on `runId` in `dataDir`; resolves once it printed its owner id. */
async function startHolder(dataDir: string, runId: string): Promise<{ child: ChildProcess; owner: string; self: string; exited: Promise<void> }> {
  const child = spawn(process.execPath, [HOLDER, dataDir, runId, bundle], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  let output = "";
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (data: Buffer) => {
      output += data.toString();
      const match = /owner (\S+) (\S+)\n/.exec(output);
      if (match) resolve(match[0]);
    });
    child.on("exit", () => reject(new Error(`holder exited early: ${output}`)));
  });
  const [, owner, self] = line.trim().split(" ");
  return { child, owner, self, exited };
}

describe("fs world: run owners", () => {
  it("a claim is exclusive while its owner lives, and taken over once its world is closed", async () => {
    const first = await open();
    const second = await open(first.dataDir);
    const runId = await newRun(first.world);
    expect(first.world.owners.self).not.toBe(second.world.owners.self);
    expect(await first.world.owners.claim(runId)).toBe(first.world.owners.self);
    expect(await first.world.owners.claim(runId)).toBe(first.world.owners.self);
    expect(await second.world.owners.claim(runId)).toBe(first.world.owners.self);
    expect(await second.world.owners.isAlive(first.world.owners.self)).toBe(true);
    await first.world.close();
    expect(await second.world.owners.isAlive(first.world.owners.self)).toBe(false);
    expect(await second.world.owners.claim(runId)).toBe(second.world.owners.self);
  });

  it("release frees only the caller's own claim", async () => {
    const first = await open();
    const second = await open(first.dataDir);
    const runId = await newRun(first.world);
    await first.world.owners.claim(runId);
    await second.world.owners.release(runId);
    expect(await second.world.owners.claim(runId)).toBe(first.world.owners.self);
    await first.world.owners.release(runId);
    expect(await second.world.owners.claim(runId)).toBe(second.world.owners.self);
    expect(await first.world.owners.claim(runId)).toBe(second.world.owners.self);
  });

  it("listOrphaned names active runs without a live owner, and never ended runs", async () => {
    const first = await open();
    const second = await open(first.dataDir);
    const claimed = await newRun(first.world);
    const unclaimed = await newRun(first.world);
    const ended = await newRun(first.world);
    await first.world.appendEvents(ended, [{ type: "run_started" }, { type: "run_cancelled" }]);
    await first.world.owners.claim(claimed);
    expect((await second.world.owners.listOrphaned()).toSorted()).toEqual([unclaimed]);
    await first.world.close();
    expect((await second.world.owners.listOrphaned()).toSorted()).toEqual([claimed, unclaimed].toSorted());
  });

  it("concurrent takeovers of a dead owner's run have one winner", async () => {
    const dead = await open();
    const runId = await newRun(dead.world);
    await dead.world.owners.claim(runId);
    const contenders = await Promise.all(Array.from({ length: 4 }, () => open(dead.dataDir)));
    await dead.world.close();
    const results = await Promise.all(contenders.map(({ world }) => world.owners.claim(runId)));
    const winners = contenders.filter(({ world }, i) => results[i] === world.owners.self);
    expect(winners).toHaveLength(1);
    expect(new Set(results)).toEqual(new Set([winners[0].world.owners.self]));
  });

  it("a torn or foreign claim file counts as a dead owner; owner ids that are not ours are never alive", async () => {
    const { world, dataDir } = await open();
    const torn = await newRun(world);
    const garbage = await newRun(world);
    writeFileSync(join(dataDir, "owners", torn), "123-4");
    writeFileSync(join(dataDir, "owners", garbage), "not an owner\n");
    expect((await world.owners.listOrphaned()).toSorted()).toEqual([garbage, torn].toSorted());
    expect(await world.owners.claim(torn)).toBe(world.owners.self);
    expect(await world.owners.claim(garbage)).toBe(world.owners.self);
    for (const owner of ["", "x", "1-2-3-4", `${process.pid}-1-abcdef01-0123456789abcdef`]) expect(await world.owners.isAlive(owner)).toBe(false);
  });

  it("another process's claim holds while it lives and its world is open; after a SIGKILL it is taken over", async () => {
    const { world, dataDir } = await open();
    const killed = await newRun(world);
    const closed = await newRun(world);
    const holder = await startHolder(dataDir, killed);
    expect(holder.owner).toBe(holder.self);
    expect(await world.owners.claim(killed)).toBe(holder.self);
    expect(await world.owners.isAlive(holder.self)).toBe(true);
    expect(await world.owners.listOrphaned()).toEqual([closed]);
    holder.child.kill("SIGKILL");
    await holder.exited;
    expect(await world.owners.isAlive(holder.self)).toBe(false);
    expect((await world.owners.listOrphaned()).toSorted()).toEqual([closed, killed].toSorted());
    expect(await world.owners.claim(killed)).toBe(world.owners.self);
    expect(readFileSync(join(dataDir, "owners", killed), "utf8")).toBe(`${world.owners.self}\n`);

    // A process whose world closed is no owner any more, though the process lives on.
    const second = await startHolder(dataDir, closed);
    expect(await world.owners.claim(closed)).toBe(second.self);
    const closedOutput = new Promise<void>((resolve) => second.child.stdout!.on("data", (data: Buffer) => data.toString().includes("closed") && resolve()));
    second.child.stdin!.end();
    await closedOutput;
    expect(await world.owners.isAlive(second.self)).toBe(false);
    expect(await world.owners.claim(closed)).toBe(world.owners.self);
    await second.exited;
  });
});
