import type { WorkflowEvent } from "../../events/event.ts";

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

/** The first unreadable line that valid lines follow: the log was changed outside the world. */
export interface LogDamage {
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** How many complete lines precede it in the parsed chunk. */
  linesBefore: number;
}

export interface ParsedChunk {
  /** Events of complete batches, in order; unreadable lines are skipped. */
  lines: ParsedLine[];
  /** File offset just after the last complete batch; bytes after it are a torn or in-flight write. */
  committedEnd: number;
  /** Complete lines (readable or not) before `committedEnd`. */
  committedLines: number;
  /** Set when an unreadable line is followed by valid ones (a torn tail is not damage). */
  damage?: LogDamage;
}

/** Serializes one call's events into the bytes appended to the log. */
export function encodeBatch(events: WorkflowEvent[]): Buffer {
  let text = "";
  const last = events.length - 1;
  for (let i = 0; i < last; i++) {
    // The field goes last, as in `{ ...event, $more: true }`, without copying the event first.
    const json = JSON.stringify(events[i]);
    text += `${json.slice(0, -1)},${MORE_MEMBER}}\n`;
  }
  if (last >= 0) text += `${JSON.stringify(events[last])}\n`;
  return Buffer.from(text, "utf8");
}

/** `"$more":true`, the member `encodeBatch` adds to every line of a batch but its last. */
const MORE_MEMBER = `${JSON.stringify(BATCH_MORE_FIELD)}:true`;

/**
 * Parses bytes read from a log starting at `baseOffset` (which must be a batch boundary). Stops at the
 * first incomplete line or unfinished batch. A line that is not an event counts as torn when nothing valid
 * follows it; otherwise the log is damaged: the line is skipped and reported in `damage`, never thrown, so
 * one broken log never stops the readers of every other run.
 */
export function parseLogChunk(buffer: Buffer, baseOffset: number): ParsedChunk {
  const lines: ParsedLine[] = [];
  let pending: ParsedLine[] = [];
  let committedEnd = baseOffset;
  let committedLines = 0;
  let lineCount = 0;
  let position = 0;
  let bad: LogDamage | undefined;
  let damage: LogDamage | undefined;
  while (position < buffer.length) {
    const end = buffer.indexOf(NEWLINE, position);
    if (end === -1) break;
    const offset = baseOffset + position;
    const parsed = parseLine(buffer, position, end);
    position = end + 1;
    lineCount++;
    if (parsed === undefined) {
      bad ??= { offset, linesBefore: lineCount - 1 };
      continue;
    }
    // Valid lines after an unreadable one: that line was not torn by a crash.
    damage ??= bad;
    const more = parsed[BATCH_MORE_FIELD] === true;
    if (more) delete parsed[BATCH_MORE_FIELD];
    pending.push({ event: parsed, offset });
    if (!more) {
      for (const line of pending) lines.push(line);
      pending = [];
      committedEnd = baseOffset + position;
      committedLines = lineCount;
    }
  }
  return damage ? { lines, committedEnd, committedLines, damage } : { lines, committedEnd, committedLines };
}

function parseLine(buffer: Buffer, start: number, end: number): (WorkflowEvent & { [BATCH_MORE_FIELD]?: boolean }) | undefined {
  try {
    const value: unknown = JSON.parse(buffer.toString("utf8", start, end));
    if (value !== null && typeof value === "object" && typeof (value as { type?: unknown }).type === "string") {
      return value as WorkflowEvent & { [BATCH_MORE_FIELD]?: boolean };
    }
  } catch {
    // Not JSON: reported as torn or damaged by the caller.
  }
  return undefined;
}

/** Parses the readable events of a committed byte range (no torn tail possible). */
export function parseCommitted(buffer: Buffer, baseOffset: number): WorkflowEvent[] {
  return parseLogChunk(buffer, baseOffset).lines.map((line) => line.event);
}
