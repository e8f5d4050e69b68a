import { fetch } from "workflow";

export async function fetchJson(url: string) {
  "use workflow";
  const response = await fetch(url);
  return { status: response.status, ok: response.ok, redirected: response.redirected, url: response.url, json: await response.json() };
}

export async function fetchStatus(url: string) {
  "use workflow";
  const response = await fetch(new Request(url, { method: "POST", body: "ping", headers: { "x-from": "workflow" } }));
  return { status: response.status, ok: response.ok, text: await response.text() };
}

export async function responses() {
  "use workflow";
  const json = Response.json({ a: 1 }, { status: 201 });
  const errors: string[] = [];
  for (const make of [() => new Response(null, { status: 1000 }), () => Response.redirect("https://example.com/", 200), () => new Response("x", { status: 204 })]) {
    try {
      make();
    } catch (error) {
      errors.push(`${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  const redirect = Response.redirect("https://example.com/next", 307);
  return { status: json.status, type: json.headers.get("content-type"), body: await json.json(), location: redirect.headers.get("location"), errors };
}
