/**
 * `npm run bench`: runs every benchmark suite in-process and prints one table of figures with targets.
 * Suites are plain async functions returning rows, so each stays next to the code it measures.
 */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
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
  const rows: Array<BenchRow & { suite: string }> = [];
  for (const suite of SUITES) {
    if (only.length > 0 && !only.includes(suite.name)) continue;
    const run = await suite.load();
    for (const row of await run()) rows.push({ suite: suite.name, ...row });
  }
  const header = ["suite", "measure", "value", "unit", "target"];
  const lines = rows.map((r) => [r.suite, r.name, formatValue(r.value), r.unit, r.target ?? ""]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const print = (cells: string[]) => process.stdout.write(cells.map((c, i) => c.padEnd(widths[i])).join("  ") + "\n");
  print(header);
  print(widths.map((w) => "-".repeat(w)));
  for (const line of lines) print(line);
}

await main();
