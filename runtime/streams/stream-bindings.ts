/**
 * What this runtime knows about a `ReadableStream`/`WritableStream` it created over a named store stream,
 * so passing it on to another function sends the name instead of piping the stream a second time.
 */
export type StreamBinding =
  | { kind: "readable"; name: string; startIndex: number; /** Chunks handed to the reader so far. */ delivered: number }
  | { kind: "writable"; name: string; /** The store failure that broke the writable, if any. */ failure(): unknown };

const bindings = new WeakMap<object, StreamBinding>();

/** Records that `stream` reads or writes the named store stream. */
export function bindStream(stream: object, binding: StreamBinding): void {
  bindings.set(stream, binding);
}

/** The binding of a stream created by `createStreamReadable`/`createStreamWritable`, else undefined. */
export function streamBinding(stream: object): StreamBinding | undefined {
  return bindings.get(stream);
}
