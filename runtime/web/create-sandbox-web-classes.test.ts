import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { deserialize, serialize, serializeAsync } from "../serialization/serialize.ts";
import { BODY_BYTES } from "../serialization/types-table.ts";
import type { BodyKind } from "./create-sandbox-web-classes.ts";
import { installSandboxWebGlobals } from "./install-sandbox-web-globals.ts";

function sandbox(readBody?: (kind: BodyKind, message: object) => Promise<unknown>) {
  const context = vm.createContext({ Headers, URL, TextEncoder, URLSearchParams });
  const global = vm.runInContext("globalThis", context) as typeof globalThis & Record<string, unknown>;
  installSandboxWebGlobals(global, readBody ? { readBody } : {});
  const run = (code: string) => vm.runInContext(code, context) as any;
  const runAsync = (code: string) => run(`(async () => { ${code} })()`) as Promise<any>;
  return { global, run, runAsync };
}

describe("sandbox Request", () => {
  it("validates the URL and fills the standard defaults", () => {
    const { run } = sandbox();
    expect(() => run(`new Request("not a url")`)).toThrow("Failed to parse URL from not a url");
    expect(run(`(() => { try { new Request("/relative") } catch (e) { return e instanceof TypeError } })()`)).toBe(true);
    const request = run(`new Request("https://example.com/a?b=1")`);
    expect([request.url, request.method, request.mode, request.credentials, request.cache, request.redirect]).toEqual([
      "https://example.com/a?b=1", "GET", "cors", "same-origin", "default", "follow",
    ]);
    expect([request.referrer, request.duplex, request.bodyUsed, request.body]).toEqual(["about:client", "half", false, null]);
    expect(run(`Object.prototype.toString.call(new Request("https://e.com"))`)).toBe("[object Request]");
    expect(run(`new Request("https://e.com") instanceof Object && new Request("https://e.com") instanceof Request`)).toBe(true);
  });

  it("refuses a body on GET/HEAD and normalizes methods", () => {
    const { run } = sandbox();
    expect(() => run(`new Request("https://e.com", { body: "x" })`)).toThrow("Request with GET/HEAD method cannot have body.");
    expect(() => run(`new Request("https://e.com", { method: "head", body: "x" })`)).toThrow("Request with GET/HEAD method cannot have body.");
    expect(run(`new Request("https://e.com", { method: "post" }).method`)).toBe("POST");
    expect(() => run(`new Request("https://e.com", { method: "CONNECT" })`)).toThrow(/unsupported/);
  });

  it("keeps the body bytes for serialization and sets the content type", () => {
    const { run } = sandbox();
    const request = run(`new Request("https://e.com", { method: "POST", body: "hé" })`);
    expect(new TextDecoder().decode(request[BODY_BYTES])).toBe("hé");
    expect(request.headers.get("content-type")).toBe("text/plain;charset=UTF-8");
    const form = run(`new Request("https://e.com", { method: "POST", body: new URLSearchParams({ a: "1" }) })`);
    expect(form.headers.get("content-type")).toBe("application/x-www-form-urlencoded;charset=UTF-8");
  });

  it("refuses respondWith() in a workflow", () => {
    const { run } = sandbox();
    expect(() => run(`new Request("https://e.com").respondWith(new Response("x"))`)).toThrow(
      "`respondWith()` must be called from within a step function",
    );
  });
});

describe("sandbox Response", () => {
  it("has the standard defaults and statuses", () => {
    const { run } = sandbox();
    const response = run(`new Response("hi", { status: 201, statusText: "Created", headers: { "x-a": "1" } })`);
    expect([response.status, response.statusText, response.ok, response.type, response.url, response.redirected]).toEqual([201, "Created", true, "default", "", false]);
    expect(response.headers.get("x-a")).toBe("1");
    expect(run(`new Response(null, { status: 404 }).ok`)).toBe(false);
    expect(run(`Object.prototype.toString.call(new Response())`)).toBe("[object Response]");
    expect(() => run(`new Response("x", { status: 204 })`)).toThrow("Response constructor: Invalid response status code 204");
    expect(run(`new Response(null, { status: 204 }).status`)).toBe(204);
    expect(() => run(`new Response("x", { status: 99 })`)).toThrow(RangeErrorLike());
  });

  it("builds JSON and redirect responses", () => {
    const { run } = sandbox();
    const json = run(`Response.json({ a: 1 }, { status: 202 })`);
    expect([json.status, json.headers.get("content-type"), new TextDecoder().decode(json[BODY_BYTES])]).toEqual([202, "application/json", '{"a":1}']);
    const redirect = run(`Response.redirect("https://e.com/next", 307)`);
    expect([redirect.status, redirect.headers.get("location"), redirect.body]).toEqual([307, "https://e.com/next", null]);
    expect(run(`Response.redirect("https://e.com").status`)).toBe(302);
    expect(() => run(`Response.redirect("https://e.com", 200)`)).toThrow("Invalid redirect status code: 200. Must be one of: 301, 302, 303, 307, 308");
    expect(run(`(() => { try { Response.redirect("https://e.com", 200) } catch (e) { return e instanceof RangeError } })()`)).toBe(true);
    expect(() => run(`Response.redirect("nope")`)).toThrow("Failed to parse URL from nope");
  });

  it("reads bodies through readBody, once, with values of the workflow realm", async () => {
    const { runAsync } = sandbox();
    expect(await runAsync(`const r = Response.json({ a: [1] }); const v = await r.json(); return v.a instanceof Array && v.a[0] === 1 && r.bodyUsed;`)).toBe(true);
    expect(await runAsync(`return await new Response("hé").text()`)).toBe("hé");
    expect(await runAsync(`const b = await new Response("ab").arrayBuffer(); return b instanceof ArrayBuffer && b.byteLength`)).toBe(2);
    expect(await runAsync(`const b = await new Response("ab").bytes(); return b instanceof Uint8Array && b[0]`)).toBe(97);
    await expect(runAsync(`const r = new Response("x"); await r.text(); await r.text();`)).rejects.toThrow("Body is unusable: Body has already been read");
    await expect(runAsync(`await new Response("a=1").formData()`)).rejects.toThrow(/formData\(\) cannot be used in a workflow function/);
    expect(await runAsync(`try { await new Response("{").json() } catch (e) { return e instanceof SyntaxError }`)).toBe(true);
  });

  it("delegates body reads to the injected reader (the engine's durable step)", async () => {
    const calls: Array<[BodyKind, string]> = [];
    const { runAsync, global } = sandbox(async (kind, message) => {
      calls.push([kind, Object.prototype.toString.call(message)]);
      return new global.Object({ from: "step" });
    });
    expect(await runAsync(`return (await new Request("https://e.com", { method: "POST", body: "{}" }).json()).from`)).toBe("step");
    expect(calls).toEqual([["json", "[object Request]"]]);
  });

  it("round-trips through serialization into and out of the workflow realm", async () => {
    const { global, run, runAsync } = sandbox();
    const host = new Response('{"ok":true}', { status: 418, statusText: "Teapot", headers: { "x-b": "2" } });
    Object.defineProperty(host, "url", { value: "https://e.com/final" });
    const text = await serializeAsync(host, "step-return-value");
    const revived = deserialize(text, "step-return-value", { global }) as Response;
    global.revived = revived;
    expect(run(`revived instanceof Response && revived.status === 418 && revived.statusText === "Teapot" && revived.url`)).toBe("https://e.com/final");
    expect(await runAsync(`return (await revived.json()).ok`)).toBe(true);
    // A sandbox Response serializes synchronously (its body is in memory) and becomes a real one in a step.
    const back = deserialize(serialize(run(`new Response("body", { status: 201 })`), "step-arguments"), "step-arguments") as Response;
    expect(back).toBeInstanceOf(Response);
    expect([back.status, await back.text()]).toEqual([201, "body"]);
    const request = deserialize(serialize(run(`new Request("https://e.com/x", { method: "PUT", body: "b" })`), "step-arguments"), "step-arguments") as Request;
    expect([request.method, request.url, await request.text()]).toEqual(["PUT", "https://e.com/x", "b"]);
  });

  it("exposes a body as a stream handle that a step can read", async () => {
    const { run } = sandbox();
    expect(run(`new Response("x").body instanceof ReadableStream`)).toBe(true);
    expect(() => run(`new Response("x").body.getReader()`)).toThrow(/cannot be used in a workflow function/);
  });
});

function RangeErrorLike() {
  return /outside the range \[200, 599\]/;
}
