/** Splits a recorded error stack into frames and tells the user's own frames from library and Node ones. */
export interface StackFrame {
  raw: string;
  fn?: string;
  file?: string;
  line?: number;
  column?: number;
  /** True for frames in the user's code (not node_modules, Node internals, or this runtime). */
  user: boolean;
}

const FRAME_RE = /^\s*at\s+(?:async\s+)?(?:(.*?)\s+\()?((?:file:\/\/)?[^()]+?):(\d+):(\d+)\)?\s*$/;
/**
 * Files of this package when it is not under node_modules (linked, or its own repository): its runtime and
 * plugin folders, from source or compiled into `dist/`.
 */
const PACKAGE_FILE_RE =
  /\/(?:vite-workflow\/|dist\/)?(?:runtime\/(?:api|engine|fetch|http|registry|sandbox|serialization|streams|web|world)|plugin\/(?:bundle|vite-dev|nitro))\/[\w./-]+\.[cm]?[jt]s$/;

export function parseStack(stack: string | undefined): { header: string; frames: StackFrame[] } {
  if (!stack) return { header: "", frames: [] };
  const lines = stack.split("\n");
  const firstFrame = lines.findIndex((line) => /^\s*at\s/.test(line));
  const header = (firstFrame === -1 ? lines : lines.slice(0, firstFrame)).join("\n");
  const frames = firstFrame === -1 ? [] : lines.slice(firstFrame).filter((line) => line.trim()).map(parseFrame);
  return { header, frames };
}

function parseFrame(raw: string): StackFrame {
  const match = FRAME_RE.exec(raw);
  if (!match) return { raw: raw.trim(), user: false };
  const file = match[2].replace(/^file:\/\//, "");
  const internal =
    file.startsWith("node:") ||
    file.includes("/node_modules/") ||
    file.includes("/vite-workflow/dist/") ||
    PACKAGE_FILE_RE.test(file) ||
    file.startsWith("evalmachine") ||
    file.startsWith("internal/");
  return { raw: raw.trim(), fn: match[1] || undefined, file, line: Number(match[3]), column: Number(match[4]), user: !internal };
}

/** Consecutive frames of the same side: the user's own frames one by one, internal ones as one group. */
export type FrameGroup = { kind: "user"; frame: StackFrame } | { kind: "internal"; frames: StackFrame[] };

export function groupFrames(frames: readonly StackFrame[]): FrameGroup[] {
  const groups: FrameGroup[] = [];
  for (const frame of frames) {
    const last = groups.at(-1);
    if (frame.user) groups.push({ kind: "user", frame });
    else if (last?.kind === "internal") last.frames.push(frame);
    else groups.push({ kind: "internal", frames: [frame] });
  }
  return groups;
}
