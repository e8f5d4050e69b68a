/**
 * The ports `$BENCH_PORTS` gives the bench's servers, in order: a comma-separated list of ports and ranges
 * (`5160-5169` or `5160,5161,5170-5175`). Empty when unset: each server then takes a free port. Throws for
 * anything that is not a port, so a typo does not fall back silently to random ports.
 */
export function parseBenchPorts(value: string | undefined): number[] {
  const ports: number[] = [];
  for (const part of (value ?? "").split(",").map((text) => text.trim()).filter(Boolean)) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    const first = Number(match?.[1]);
    const last = Number(match?.[2] ?? match?.[1]);
    if (!match || !isPort(first) || !isPort(last) || last < first) {
      throw new Error(`BENCH_PORTS: "${part}" is not a port or a range of ports (1-65535), e.g. BENCH_PORTS=5160-5169`);
    }
    for (let port = first; port <= last; port++) ports.push(port);
  }
  return ports;
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/**
 * Hands out `$BENCH_PORTS` one by one (a server started again after a failed bind gets the next one), or
 * `undefined` when none are configured. Throws once the list is used up, naming how many it held.
 */
export function createPortPicker(ports: number[]): () => number | undefined {
  let next = 0;
  return () => {
    if (ports.length === 0) return undefined;
    if (next >= ports.length) throw new Error(`BENCH_PORTS lists ${ports.length} ports and the bench needs more: give it a longer range.`);
    return ports[next++];
  };
}
