// Child process for the run-owners test: opens a world on a data dir, claims the given run, prints
// "owner <self>" and stays alive (holding the claim) until the parent kills it or closes its stdin.
const [dataDir, runId, bundled] = process.argv.slice(2);
const { createFsWorld } = await import(bundled);
const world = await createFsWorld({ dataDir });
const owner = await world.owners.claim(runId);
process.stdout.write(`owner ${owner} ${world.owners.self}\n`);
process.stdin.resume();
process.stdin.on("end", async () => {
  await world.close();
  process.stdout.write("closed\n");
  process.exit(0);
});
