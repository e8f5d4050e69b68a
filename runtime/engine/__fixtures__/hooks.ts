import { createHook, createWebhook, defineHook, type RequestWithResponse } from "workflow";

type Gate = { promise: Promise<void>; open(): void };
const gates = ((globalThis as { __wfTestGates?: Map<string, Gate> }).__wfTestGates ??= new Map());

/** A gate the test opens: lets a step wait for the test without timers. */
export function gate(key: string): Gate {
  let gateEntry = gates.get(key);
  if (!gateEntry) {
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    gates.set(key, (gateEntry = { promise, open }));
  }
  return gateEntry;
}

export async function waitForGate(key: string) {
  "use step";
  await gate(key).promise;
  return key;
}

export async function double(n: number) {
  "use step";
  return n * 2;
}

export async function noHooks(n: number) {
  "use workflow";
  return await double(n);
}

export async function hookLoop(token: string, count: number) {
  "use workflow";
  const hook = createHook<{ n: number }>({ token });
  const seen: number[] = [];
  for await (const payload of hook) {
    seen.push(await double(payload.n));
    if (seen.length === count) break;
  }
  return seen;
}

export async function earlyPayloads(token: string, gateKey: string) {
  "use workflow";
  const hook = createHook<string>({ token, metadata: { purpose: "early" } });
  await waitForGate(gateKey);
  const seen: string[] = [];
  for await (const payload of hook) {
    seen.push(payload);
    if (payload === "last") break;
  }
  return seen;
}

export async function defaultToken() {
  "use workflow";
  const hook = createHook<string>();
  const payload = await hook;
  return { token: hook.token, payload };
}

export async function holdsToken(token: string) {
  "use workflow";
  const hook = createHook<string>({ token });
  return await hook;
}

/** A minimal Standard Schema v1 validator: `{ name: string }`, trimmed. */
const nameSchema = {
  "~standard": {
    version: 1 as const,
    vendor: "test",
    validate(value: unknown) {
      const name = (value as { name?: unknown } | null)?.name;
      if (typeof name !== "string" || name.trim().length === 0) {
        return { issues: [{ message: "name must be a non-empty string", path: ["name"] }] };
      }
      return { value: { name: name.trim() } };
    },
  },
};

export const nameHook = defineHook<{ name: string }, { name: string }>({ schema: nameSchema });

export async function definedHook(token: string) {
  "use workflow";
  const hook = nameHook.create({ token });
  const { name } = await hook;
  let resumeError = "";
  try {
    await nameHook.resume("x", { name: "y" });
  } catch (error) {
    resumeError = (error as Error).message;
  }
  return { name, resumeError };
}

export async function respond(request: RequestWithResponse, body: unknown) {
  "use step";
  await request.respondWith(Response.json({ echo: body }, { status: 201, headers: { "x-step": "yes" } }));
}

export async function webhookDefault(token: string) {
  "use workflow";
  const webhook = createWebhook({ token });
  const request = await webhook;
  return { method: request.method, body: await request.json(), url: webhook.url, header: request.headers.get("x-test") };
}

export async function webhookStatic(token: string) {
  "use workflow";
  const webhook = createWebhook({ token, respondWith: new Response("Hello from static response!", { status: 402 }) });
  const request = await webhook;
  return await request.text();
}

export async function webhookManual(token: string) {
  "use workflow";
  const webhook = createWebhook({ token, respondWith: "manual" });
  const request = await webhook;
  const data = await request.json();
  let inWorkflow = "";
  try {
    await request.respondWith(new Response("nope"));
  } catch (error) {
    inWorkflow = (error as Error).message;
  }
  await respond(request, data);
  return { data, inWorkflow };
}

export async function webhookNoResponse(token: string) {
  "use workflow";
  const webhook = createWebhook({ token, respondWith: "manual" });
  await webhook;
  return "ended without responding";
}

export async function webhookInvalid() {
  "use workflow";
  try {
    createWebhook({ respondWith: "automatic" as never });
    return "no error";
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
}

export async function webhookBodies(token: string) {
  "use workflow";
  const webhook = createWebhook({ token });
  const results: unknown[] = [];
  for await (const request of webhook) {
    const kind = request.headers.get("x-kind");
    if (kind === "form") {
      const form = await request.formData();
      const file = form.get("b") as File;
      results.push({ kind, a: form.get("a"), b: { name: file.name, size: file.size, type: file.type } });
    } else if (kind === "bytes") {
      const buffer = await request.arrayBuffer();
      results.push({ kind, length: buffer.byteLength, first: new Uint8Array(buffer)[0] });
    } else {
      results.push({ kind, text: await request.text() });
      break;
    }
  }
  return results;
}
