import { type Comparison, compareCell, type RelativeFigure, relativeCell } from "./compare.ts";
import { type Floors, measureFsFloor, measurePgFloor } from "./floor.ts";
import { serverNode } from "./http/server-node.ts";
import { type MachineSpeed, measureMachineSpeed } from "./machine-speed.ts";

/**
 * `npm run bench`: runs every benchmark suite in-process and prints one table of figures with targets, each
 * compared to the cost of one durable write measured first in the same run, and to upstream figures.
 * Suites are plain async functions returning rows, so each stays next to the code it measures.
 */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  /** How the `compared` column relates the figure to the floor and to upstream. */
  compare?: Comparison;
  /** The same case on another target, also in the `compared` column. */
  relative?: RelativeFigure;
}

type Suite = { name: string; load: () => Promise<() => Promise<BenchRow[]>> };

const SUITES: Suite[] = [
  { name: "transform", load: async () => (await import("./transform.ts")).benchTransform },
  { name: "world", load: async () => (await import("./world.ts")).benchWorld },
  { name: "engine", load: async () => (await import("./engine.ts")).benchEngine },
  { name: "hooks", load: async () => (await import("./hooks.ts")).benchHooks },
  { name: "streams", load: async () => (await import("./streams.ts")).benchStreams },
  { name: "http", load: async () => (await import("./http.ts")).benchHttp },
  { name: "devtools", load: async () => (await import("./devtools.ts")).benchDevtools },
];

function formatValue(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  // Measured before and after the suites: on a shared machine other processes' fsyncs come and go, and the
  // floor is what the disk can do, so figures are compared to the lower of the two.
  const before: Floors = { fs: await measureFsFloor(), pg: await measurePgFloor() };
  const speedBefore = await measureMachineSpeed();
  const rows: Array<BenchRow & { suite: string }> = [];
  for (const suite of SUITES) {
    if (only.length > 0 && !only.includes(suite.name)) continue;
    const run = await suite.load();
    for (const row of await run()) rows.push({ suite: suite.name, ...row });
  }
  const after: Floors = { fs: await measureFsFloor(), pg: await measurePgFloor() };
  const speedAfter = await measureMachineSpeed();
  const floors: Floors = { fs: Math.min(before.fs, after.fs), pg: lower(before.pg, after.pg) };
  rows.unshift(
    ...floorRows("before the suites", before),
    ...floorRows("after the suites", after),
    ...machineRows("before the suites", speedBefore),
    ...machineRows("after the suites", speedAfter),
  );
  const header = ["suite", "measure", "value", "unit", "target", "compared"];
  const lines = rows.map((r) => [r.suite, r.name, formatValue(r.value), r.unit, r.target ?? "", compared(r, floors)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const print = (cells: string[]) => process.stdout.write(cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd() + "\n");
  print(header);
  print(widths.map((w) => "-".repeat(w)));
  for (const line of lines) print(line);
  process.stdout.write(
    [
      "",
      "compared: <n>× floor = the figure ÷ (lower floor × durable writes the case makes one after another: n + 1 for seq(n), 1 for",
      "  one step, a parallel batch, a hook or a stream); for steps/s, the time per step ÷ one floor (below 1 when",
      "  runs share fsync time). \"faster than\": the upstream figure of issue #13 (#11 for PostgreSQL) ÷ this one.",
      "  \"slower than prod\": how much more time the dev server takes than the production build for the same case.",
      "machine: how fast this machine ran during the table; the same build's figures move with these rows.",
      ...(rows.some((row) => row.suite === "http") ? [serversLine()] : []),
      "",
    ].join("\n"),
  );
}

/** Which Node ran the HTTP targets' servers: their figures move with its version too. */
function serversLine(): string {
  const { version } = serverNode();
  const how = version === process.version ? "the bench's own; BENCH_SERVER_NODE picks another" : `BENCH_SERVER_NODE; the bench runs on ${process.version}`;
  return `servers: the http targets ran on Node ${version} (${how}).`;
}

/** The `compared` cell: floor and upstream ratios, then the comparison with another target. */
function compared(row: BenchRow, floors: Floors): string {
  return [compareCell(row.value, row.unit, row.compare, floors), relativeCell(row.value, row.unit, row.relative)].filter(Boolean).join(" · ");
}

/** The lower of two floors; undefined when neither was measured. */
function lower(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return Math.min(a, b);
}

function floorRows(when: string, floors: Floors): Array<BenchRow & { suite: string }> {
  return [
    { suite: "floor", name: `one append + fdatasync, ${when} (filesystem world's durable write, median of 200)`, value: floors.fs, unit: "ms" },
    {
      suite: "floor",
      name: `one-row insert commit, ${when} (PostgreSQL world's durable write, median of 200)${floors.pg === undefined ? " [unavailable]" : ""}`,
      value: floors.pg ?? Number.NaN,
      unit: "ms",
    },
  ];
}

function machineRows(when: string, speed: MachineSpeed): Array<BenchRow & { suite: string }> {
  return [
    { suite: "machine", name: `bare node:http round trip on loopback, ${when} (server in the bench process, median of 500)`, value: speed.httpRoundTrip, unit: "ms" },
    { suite: "machine", name: `one node:vm realm (vm.createContext, as each run's sandbox), ${when} (median of 100)`, value: speed.realm, unit: "ms" },
  ];
}

await main();
