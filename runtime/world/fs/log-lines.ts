import type { WorkflowEvent } from "../../events/event.ts";
import { CorruptLogError } from "./world-errors.ts";

/**
 * Line format of `events.jsonl`: one JSON event per line, `\n`-terminated. When one `appendEvents` call
 * stores several events, every line but the last carries `"$more": true`; a batch counts only once its
 * last line is complete, so a write torn by a crash never exposes part of a batch.
 */
export const BATCH_MORE_FIELD = "$more";

const NEWLINE = 0x0a;

export interface ParsedLine {
  event: WorkflowEvent;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
}

export interface ParsedChunk {
  /** Events of complete batches, in order. */
  lines: ParsedLine[];
  /** File offset just after the last complete batch; bytes after it are a torn or in-flight write. */
  committedEnd: number;
}

/** Serializes one call's events into the bytes appended to the log. */
export function encodeBatch(events: WorkflowEvent[]): Buffer {
  let text = "";
  for (let i = 0; i < events.length; i++) {
    text += i < events.length - 1 ? JSON.stringify({ ...events[i], [BATCH_MORE_FIELD]: true }) : JSON.stringify(events[i]);
    text += "\n";
  }
  return Buffer.from(text, "utf8");
}

/**
 * Parses bytes read from a log starting at `baseOffset` (which must be a batch boundary). Stops at the
 * first incomplete line or unfinished batch; a line that is not JSON counts as torn only when nothing
 * valid follows it, otherwise the log is corrupt.
 */
export function parseLogChunk(buffer: Buffer, baseOffset: number, path: string): ParsedChunk {
  const lines: ParsedLine[] = [];
  let pending: ParsedLine[] = [];
  let committedEnd = baseOffset;
  let position = 0;
  let badLineAt = -1;
  while (position < buffer.length) {
    const end = buffer.indexOf(NEWLINE, position);
    if (end === -1) break;
    const offset = baseOffset + position;
    let parsed: (WorkflowEvent & { [BATCH_MORE_FIELD]?: boolean }) | undefined;
    try {
      const value: unknown = JSON.parse(buffer.toString("utf8", position, end));
      if (value !== null && typeof value === "object" && typeof (value as { type?: unknown }).type === "string") {
        parsed = value as WorkflowEvent & { [BATCH_MORE_FIELD]?: boolean };
      }
    } catch {
      parsed = undefined;
    }
    position = end + 1;
    if (parsed === undefined) {
      if (badLineAt === -1) badLineAt = offset;
      continue;
    }
    if (badLineAt !== -1) throw new CorruptLogError(path, badLineAt);
    const more = parsed[BATCH_MORE_FIELD] === true;
    if (more) delete parsed[BATCH_MORE_FIELD];
    pending.push({ event: parsed, offset });
    if (!more) {
      for (const line of pending) lines.push(line);
      pending = [];
      committedEnd = baseOffset + position;
    }
  }
  return { lines, committedEnd };
}

/** Parses complete lines of a committed byte range (no torn tail possible) into events. */
export function parseCommitted(buffer: Buffer, path: string, baseOffset: number): WorkflowEvent[] {
  return parseLogChunk(buffer, baseOffset, path).lines.map((line) => line.event);
}
