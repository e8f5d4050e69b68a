/** Tails each of the run's streams live (default and namespaces) over SSE. */
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { decodeValue, previewValue } from "../state/decode-value.ts";

/** A chunk notice of the stream tail (see the API's `/streams/:name` route). */
interface Chunk {
  index: number;
  /** Devalue text of a written value. */
  value?: string;
  /** Devalue text of the error the stream failed with. */
  error?: string;
  /** A `Uint8Array` chunk, given as `text` when it is valid UTF-8, else as `base64`. */
  bytes?: true;
  text?: string;
  base64?: string;
}

/** One line for a chunk: the written value's preview, the failure, or the bytes. */
function describeChunk(chunk: Chunk): string {
  if (chunk.value !== undefined) return previewValue(decodeValue(chunk.value), 400);
  if (chunk.error !== undefined) return `stream failed: ${previewValue(decodeValue(chunk.error), 400)}`;
  const prefix = chunk.bytes ? "bytes " : "";
  return chunk.text !== undefined ? `${prefix}${chunk.text}` : `${prefix}(base64) ${chunk.base64}`;
}

export function StreamsView({ streams }: { streams: string[] }) {
  if (streams.length === 0) {
    return (
      <div class="empty muted">
        This run has not written to a stream. Steps write with <code>getWritable()</code> (or
        <code>getWritable({"{ namespace }"})</code>); chunks show up here as they are written.
      </div>
    );
  }
  return <div class="streams">{streams.map((name) => <StreamTail key={name} name={name} />)}</div>;
}

function StreamTail({ name }: { name: string }) {
  const [chunks, setChunks] = useState<Chunk[]>([]);
  const [state, setState] = useState<"live" | "ended" | "error">("live");
  const [follow, setFollow] = useState(true);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    setChunks([]);
    setState("live");
    const source = new EventSource(api.streamUrl(name));
    source.addEventListener("chunk", (event) => {
      try {
        const chunk = JSON.parse((event as MessageEvent<string>).data) as Chunk;
        setChunks((current) => (current.some((c) => c.index === chunk.index) ? current : [...current, chunk]));
      } catch {
        /* a malformed chunk notice is skipped */
      }
    });
    source.addEventListener("end", () => {
      setState("ended");
      source.close();
    });
    source.addEventListener("failed", () => {
      setState("error");
      source.close();
    });
    return () => source.close();
  }, [name]);

  useEffect(() => {
    if (follow && list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [chunks.length, follow]);

  return (
    <section class="stream" aria-label={`Stream ${name}`} data-stream={name}>
      <header class="stream-head">
        <code class="mono">{name}</code>
        <span class={`badge stream-${state}`}><span class="dot" />{state}</span>
        <span class="muted">{chunks.length} chunks</span>
        <label class="muted small"><input type="checkbox" checked={follow} onChange={() => setFollow(!follow)} /> follow</label>
      </header>
      <ol class="chunks mono" ref={list}>
        {chunks.map((chunk) => (
          <li key={chunk.index} class={chunk.error !== undefined ? "chunk chunk-error" : "chunk"}>
            <span class="muted">{chunk.index}</span>
            <span>{describeChunk(chunk)}</span>
          </li>
        ))}
        {chunks.length === 0 && state === "live" && <li class="muted">waiting for chunks…</li>}
      </ol>
    </section>
  );
}
