import type { CustomTypeRow } from "../serialization/types-table.ts";
import type { ReadableStreamData, WritableStreamData } from "./host-stream-types.ts";
import { getSandboxStreams, streamHandleData } from "./sandbox-streams.ts";
import { assertStartIndex, assertStreamName } from "./stream-names.ts";

/**
 * Serialization rows for streams inside the workflow realm (workflow arguments and return value, step
 * arguments and results as the workflow sees them, hook payloads): streams are handles that only carry
 * their stored stream's name, so passing one on copies the name, never data. Same row names and data as
 * `createHostStreamTypes`, so a value written on one side is read on the other.
 * @example deserialize(event.result, "step-return-value", { global, types: createSandboxStreamTypes() })
 */
export function createSandboxStreamTypes(): CustomTypeRow[] {
  const readableRow: CustomTypeRow<ReadableStream, ReadableStreamData> = {
    kind: "custom",
    name: "ReadableStream",
    is: (value): value is ReadableStream => streamHandleData(value)?.kind === "readable",
    reduce(handle) {
      const { kind: _kind, ...data } = streamHandleData(handle)!;
      return data as ReadableStreamData;
    },
    revive(data, global) {
      if (!("bytes" in data)) {
        assertStreamName(data.name);
        if (data.startIndex !== undefined) assertStartIndex(data.startIndex);
      }
      return getSandboxStreams(global).createReadableHandle(data);
    },
  };
  const writableRow: CustomTypeRow<WritableStream, WritableStreamData> = {
    kind: "custom",
    name: "WritableStream",
    is: (value): value is WritableStream => streamHandleData(value)?.kind === "writable",
    reduce: (handle) => ({ name: (streamHandleData(handle) as WritableStreamData).name }),
    revive(data, global) {
      assertStreamName(data.name);
      return getSandboxStreams(global).createWritableHandle(data.name);
    },
  };
  return [readableRow, writableRow];
}
