import { createWebhook, type RequestWithResponse } from "workflow";

/** Default mode: the webhook answers `202 Accepted` by itself and the run gets the request. */
export async function webhookWorkflow(token: string) {
  "use workflow";

  const webhook = createWebhook({ token });
  const request = await webhook;
  const data = await request.json();
  const stored = await processData(data);
  return { mode: "default", method: request.method, url: webhook.url, data, stored };
}

/** Static mode: every request gets the same response, sent before the run continues. */
export async function webhookWithStaticResponse(token: string) {
  "use workflow";

  const webhook = createWebhook({
    token,
    respondWith: Response.json({ success: true, message: "Webhook received" }),
  });
  const request = await webhook;
  const data = await request.json();
  const stored = await processData(data);
  return { mode: "static", data, stored };
}

/** Manual mode: a step decides the response from the request's content. */
export async function webhookWithDynamicResponse(token: string) {
  "use workflow";

  const webhook = createWebhook({ token, respondWith: "manual" });
  const request = await webhook;
  const data = await request.json();

  if (data.type === "urgent") {
    await sendCustomResponse(request, "Processing urgently");
  } else {
    await sendCustomResponse(request, "Processing normally");
  }
  const stored = await processData(data);
  return { mode: "manual", data, stored };
}

async function sendCustomResponse(request: RequestWithResponse, message: string) {
  "use step";
  await request.respondWith(
    new Response(JSON.stringify({ message }), {
      status: 200,
      headers: { "Content-Type": "application/json" },
    }),
  );
}

async function processData(data: unknown) {
  "use step";
  return { receivedAt: new Date().toISOString(), keys: Object.keys(data ?? {}) };
}
