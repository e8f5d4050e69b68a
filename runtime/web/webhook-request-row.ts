import { toBufferedResponse } from "../fetch/fetch-step.ts";
import { BODY_BYTES, type CustomTypeRow } from "../serialization/types-table.ts";
import { createStreamWritable } from "../streams/create-stream-writable.ts";
import { assertStreamName } from "../streams/stream-names.ts";
import type { StreamPending } from "../streams/stream-pending.ts";
import type { StreamStore } from "../world/world.ts";

/**
 * Marks a webhook `Request` whose caller waits for `request.respondWith()` (`respondWith: "manual"`): the
 * value is the name of the stored stream the chosen `Response` is written to.
 */
export const RESPONSE_CHANNEL: unique symbol = Symbol.for("vite-workflow.webhookResponseChannel") as never;

interface WebhookRequestData {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array | null;
  channel: string;
}

type ChannelRequest = Request & { [RESPONSE_CHANNEL]: string; [BODY_BYTES]?: Uint8Array | null };

const isRequest = (value: unknown): boolean =>
  typeof value === "object" && value !== null && Object.prototype.toString.call(value) === "[object Request]";

/**
 * Serialization row for manual-mode webhook requests, tried before the table's `Request` row: it carries the
 * response channel along with the request (workflow ⇄ steps). Revived on the host with a store, the request
 * gets `respondWith(response)`, which stores the response (durably, before the step completes when `pending`
 * is given) for the HTTP caller; in the workflow realm `respondWith()` keeps throwing (use a step).
 * @example serialize(request, "hook-payload", { types: [createWebhookRequestRow({ store })] })
 */
export function createWebhookRequestRow(options: { store?: StreamStore; pending?: StreamPending } = {}): CustomTypeRow {
  const row: CustomTypeRow<ChannelRequest, WebhookRequestData> = {
    kind: "custom",
    name: "WebhookRequest",
    is: (value): value is ChannelRequest => isRequest(value) && typeof (value as ChannelRequest)[RESPONSE_CHANNEL] === "string",
    reduce(request) {
      const body = request[BODY_BYTES];
      if (body === undefined) return undefined;
      return { method: request.method, url: request.url, headers: request.headers, body: body === null ? null : new Uint8Array(body), channel: request[RESPONSE_CHANNEL] };
    },
    revive(data, global) {
      assertStreamName(data.channel);
      const RealmRequest = global.Request ?? Request;
      const request = new RealmRequest(data.url, { method: data.method, headers: data.headers, body: data.body as BodyInit | null }) as ChannelRequest;
      Object.defineProperty(request, RESPONSE_CHANNEL, { value: data.channel });
      if (global !== globalThis || !options.store) return request;
      Object.defineProperty(request, BODY_BYTES, { value: data.body });
      const store = options.store;
      let responded = false;
      Object.defineProperty(request, "respondWith", {
        configurable: true,
        value: async (response: Response) => {
          if (Object.prototype.toString.call(response) !== "[object Response]") {
            throw new TypeError("`respondWith()` expects a Response.");
          }
          if (responded) throw new Error("`respondWith()` was already called for this webhook request.");
          responded = true;
          const sent = (async () => {
            const bytes = response.body === null ? new Uint8Array(0) : new Uint8Array(await response.arrayBuffer());
            const writer = createStreamWritable(store, data.channel).getWriter();
            await writer.write(toBufferedResponse(response, bytes));
            await writer.close();
          })();
          options.pending?.track(sent);
          await sent;
        },
      });
      return request;
    },
  };
  return row;
}
