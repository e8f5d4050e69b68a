import { CHUNK_TAG } from "../../streams/stream-chunk-codec.ts";
import { readVisibleRecords } from "../../streams/read-visible-records.ts";
import { CliUserError } from "../cli-io.ts";
import { COMMON_HELP, COMMON_OPTIONS, type Command, type CommandContext } from "../command.ts";
import { paint, paintStatus, renderTable } from "../format.ts";
import { hydrate, type Json } from "../hydrate.ts";
import { isRunId, RUN_ID_PREFIX, runUlidOf, ULID_PATTERN } from "../../events/ids.ts";
import { firstLine, type StoredStream } from "../open-inspector.ts";
import { runDetailToJson } from "../to-json.ts";
import { loadRunOrFail } from "./load-run.ts";

const USAGE = `Usage: workflow inspect streams <runId | streamName> [options]

With a run id, lists the streams the run wrote (getWritable(), namespaces, streams passed by reference).
With a stream name (strm_…), prints the stream to stdout as it is written, until it closes (Ctrl-C stops):
text and bytes as they are, other values one JSON line each. With --json, every chunk is one JSON line.

${COMMON_HELP}

Aliases: st, stream, streams`;

const STREAM_ULID_RE = new RegExp(`^strm_(${ULID_PATTERN})_`);

/** Stream names referenced anywhere in a hydrated value (`{ "$type": "ReadableStream", name }`). */
function collectStreamNames(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) collectStreamNames(item, into);
  else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if ((record.$type === "ReadableStream" || record.$type === "WritableStream") && typeof record.name === "string") into.add(record.name);
    for (const item of Object.values(record)) collectStreamNames(item, into);
  }
}

const describe = (name: string, runUlid: string): string => {
  const rest = name.slice(`strm_${runUlid}_`.length);
  if (rest === "user") return "default (getWritable())";
  if (rest.startsWith("user_")) {
    try {
      return `namespace "${Buffer.from(rest.slice(5), "base64url").toString("utf8")}"`;
    } catch {
      return "namespace";
    }
  }
  return "passed by reference";
};

async function listRunStreams(ctx: CommandContext, runId: string): Promise<void> {
  const { state } = await loadRunOrFail(ctx, runId);
  const referenced = new Set<string>();
  collectStreamNames(runDetailToJson(runId, state, () => undefined), referenced);
  const streams = await (await ctx.inspector()).listRunStreams(runId, referenced);
  const ulid = runUlidOf(runId) ?? "";
  if (ctx.json) return ctx.printJson({ data: streams.map((s) => ({ runId, ...s })), cursor: null });
  if (streams.length === 0) {
    ctx.print(`Run ${runId} has no streams.\n`);
    return;
  }
  const { f } = ctx;
  ctx.print(
    renderTable(f, [
      { header: "STREAM", cell: (s: StoredStream) => s.name },
      { header: "KIND", cell: (s) => describe(s.name, ulid), flex: true },
      { header: "CHUNKS", cell: (s) => String(s.chunks), align: "right" },
      { header: "STATE", cell: (s) => (s.closed ? "closed" : "open"), style: (t, s) => paintStatus(f, s.closed ? "closed" : "open", t) },
    ], streams),
  );
  ctx.print(paint(f, "dim", `Print one with: workflow inspect streams <stream>\n`));
}

async function tail(ctx: CommandContext, name: string): Promise<void> {
  const inspector = await ctx.inspector();
  if (!(await inspector.streamExists(name))) throw new CliUserError(`Stream ${name} not found in ${inspector.location}.`);
  const text = new TextDecoder();
  let index = 0;
  const emit = (value: Json | undefined, raw?: Uint8Array) => {
    if (ctx.json) ctx.print(`${JSON.stringify(value ?? null)}\n`);
    else if (raw) ctx.print(text.decode(raw, { stream: true }));
    else ctx.print(typeof value === "string" ? value : `${JSON.stringify(value ?? null)}\n`);
  };
  try {
    const readEvents = (runId: string, from?: number) => inspector.world.readEvents(runId, from);
    // Chunks of step attempts the run's log shows as superseded (retried, failed, cut short) are skipped.
    for await (const { record } of readVisibleRecords(inspector.world.streams, name, { readEvents, ...(ctx.io.signal ? { signal: ctx.io.signal } : {}) })) {
      const tag = record[0];
      const body = record.subarray(1);
      const label = `chunk #${index} of stream ${name}`;
      if (tag === CHUNK_TAG.bytes) emit(hydrate(body, label, ctx.warn), body);
      else if (tag === CHUNK_TAG.value) emit(hydrate(Buffer.from(body).toString("utf8"), label, ctx.warn));
      else if (tag === CHUNK_TAG.error) {
        const error = hydrate(Buffer.from(body).toString("utf8"), `error of stream ${name}`, ctx.warn) as { message?: string } | null;
        throw new CliUserError(`Stream ${name} ended with an error after ${index} chunk${index === 1 ? "" : "s"}: ${error?.message ?? JSON.stringify(error)}`);
      } else ctx.warn(`${label} has an unknown record tag ${String(tag)}; skipped`);
      index++;
    }
  } catch (error) {
    if (error instanceof CliUserError) throw error;
    throw new CliUserError(`Stream ${name} could not be read past chunk #${index}: ${firstLine(error)}`);
  } finally {
    const rest = text.decode();
    if (rest) ctx.print(rest);
  }
}

/** `workflow inspect streams <runId | streamName>`. */
export const inspectStreams: Command = {
  name: "streams",
  usage: USAGE,
  options: { ...COMMON_OPTIONS },
  args: [1, 1],
  webPath: ([target]) => {
    const ulid = STREAM_ULID_RE.exec(target)?.[1];
    const runId = isRunId(target) ? target : ulid ? `${RUN_ID_PREFIX}${ulid}` : undefined;
    return runId ? `#/runs/${encodeURIComponent(runId)}/streams` : "";
  },
  async run(ctx) {
    const [target] = ctx.positionals;
    if (isRunId(target)) return listRunStreams(ctx, target);
    return tail(ctx, target);
  },
};
