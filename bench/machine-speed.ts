import http from "node:http";
import type { AddressInfo } from "node:net";
import vm from "node:vm";
import { median } from "./median.ts";

/**
 * How fast the machine runs the two things that dominate the HTTP figures apart from the disk, measured in
 * the same run as them: on a shared virtual machine the same build's figures move with these from one hour
 * to the next, so a figure is read next to them.
 */
export interface MachineSpeed {
  /** One GET answered by a bare `node:http` server in this process over loopback, keep-alive (median, ms). */
  httpRoundTrip: number;
  /** One `node:vm` realm as the sandbox makes it (`vm.createContext`, median, ms). */
  realm: number;
}

const ROUND_TRIPS = 500;
const REALMS = 100;

/** Measures both references, one after the other. */
export async function measureMachineSpeed(): Promise<MachineSpeed> {
  return { httpRoundTrip: await measureHttpRoundTrip(), realm: measureRealm() };
}

async function measureHttpRoundTrip(): Promise<number> {
  const body = JSON.stringify({ ok: true });
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.get({ host: "127.0.0.1", port, path: "/", agent }, (response) => {
        response.resume();
        response.on("end", resolve);
      });
      request.on("error", reject);
    });
  try {
    // The first requests open the socket and warm the parser up; they are not counted.
    for (let i = 0; i < 50; i++) await get();
    const samples: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const t0 = performance.now();
      await get();
      samples.push(performance.now() - t0);
    }
    return median(samples);
  } finally {
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function measureRealm(): number {
  const samples: number[] = [];
  for (let i = 0; i < REALMS; i++) {
    const t0 = performance.now();
    vm.createContext(vm.constants.DONT_CONTEXTIFY);
    samples.push(performance.now() - t0);
  }
  return median(samples);
}
