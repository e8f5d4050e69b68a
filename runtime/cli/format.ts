import type { CliOutput } from "./cli-io.ts";

/** How values are rendered for one output: colour on or off, the width tables must fit, the clock. */
export interface Formatter {
  color: boolean;
  /** Columns a table line may use; `Infinity` when unknown (output piped without `COLUMNS`). */
  width: number;
  now: number;
}

/** Width used for tables when stdout is not a terminal and `COLUMNS` is unset. */
const PIPED_WIDTH = 160;

/** Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org); `FORCE_COLOR` forces it. */
export function createFormatter(out: CliOutput, env: Record<string, string | undefined>, now: number): Formatter {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  const color = !env.NO_COLOR && (forced || out.isTTY === true);
  const fromEnv = Number.parseInt(env.COLUMNS ?? "", 10);
  const width = out.isTTY && out.columns ? out.columns : Number.isFinite(fromEnv) && fromEnv > 20 ? fromEnv : PIPED_WIDTH;
  return { color, width, now };
}

const SGR = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;
export type Style = keyof typeof SGR;

/** Wraps `text` in an ANSI style when colour is on. */
export function paint(f: Formatter, style: Style, text: string): string {
  return f.color ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text;
}

const STATUS_STYLE: Record<string, Style> = {
  completed: "green",
  failed: "red",
  cancelled: "yellow",
  running: "cyan",
  retrying: "magenta",
  pending: "gray",
  live: "cyan",
  disposed: "gray",
  waiting: "cyan",
  done: "green",
  open: "cyan",
  closed: "green",
};

/** A status word in its colour; `text` (default: the status) is what gets painted, e.g. the padded cell. */
export function paintStatus(f: Formatter, status: string, text: string = status): string {
  const style = Object.hasOwn(STATUS_STYLE, status) ? STATUS_STYLE[status] : undefined;
  return style ? paint(f, style, text) : text;
}

/** `1.2s`, `350ms`, `4m 05s`, `2h 03m`, `3d 4h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor(s / 60) % 60).padStart(2, "0")}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor(s / 3600) % 24}h`;
}

/** `just now`, `12s ago`, `5m ago`, `3h ago`, `2d ago`, `in 4m`; older than 30 days: the date. */
export function formatRelative(f: Formatter, at: number | undefined): string {
  if (at === undefined || !Number.isFinite(at)) return "-";
  const delta = f.now - at;
  const abs = Math.abs(delta);
  if (abs < 1000) return "just now";
  if (abs > 30 * 86_400_000) return new Date(at).toISOString().slice(0, 10);
  const s = Math.floor(abs / 1000);
  const text = s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m` : s < 86_400 ? `${Math.floor(s / 3600)}h` : `${Math.floor(s / 86_400)}d`;
  return delta >= 0 ? `${text} ago` : `in ${text}`;
}

/** An ISO timestamp followed by the relative time, for detail views. */
export function formatTimestamp(f: Formatter, at: number | undefined): string {
  if (at === undefined || !Number.isFinite(at)) return "-";
  return `${new Date(at).toISOString()} ${paint(f, "dim", `(${formatRelative(f, at)})`)}`;
}

/** The last `//` segment of a workflow or step id (`workflow//src/a.ts//signup` → `signup`). */
export function shortName(id: string | undefined): string {
  if (!id) return "?";
  const parts = id.split("//");
  return parts[parts.length - 1] || id;
}

/** Cuts `text` to `max` characters with an ellipsis; newlines become spaces. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, " ");
  if (flat.length <= max) return flat;
  return max <= 1 ? "…".slice(0, max) : `${flat.slice(0, max - 1)}…`;
}

/** One table column: header, plain cell texts come from the rows; `flex` columns shrink to fit the width. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => string;
  /** Colours a cell after it was padded and truncated. */
  style?: (text: string, row: Row) => string;
  flex?: boolean;
  align?: "left" | "right";
}

const GAP = "  ";
/** A flexible column never gets narrower than its header or this. */
const MIN_FLEX = 4;

/**
 * Aligned columns with an upper-case header; flexible columns are truncated so lines fit `f.width`.
 * `indent` is put before every line (and counts against the width).
 */
export function renderTable<Row>(f: Formatter, columns: Column<Row>[], rows: Row[], indent = ""): string {
  const cells = rows.map((row) => columns.map((column) => column.cell(row).replace(/\s*\n\s*/g, " ")));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i].length)));
  const minimum = columns.map((column) => Math.max(MIN_FLEX, column.header.length));
  let overflow = widths.reduce((sum, w) => sum + w, 0) + GAP.length * (columns.length - 1) + indent.length - f.width;
  // Shrink the widest flexible column down to the next widest, repeatedly, until the line fits.
  while (overflow > 0) {
    let widest = -1;
    columns.forEach((column, i) => {
      if (column.flex && widths[i] > minimum[i] && (widest === -1 || widths[i] > widths[widest])) widest = i;
    });
    if (widest === -1) break;
    const cut = Math.min(overflow, widths[widest] - minimum[widest], Math.max(1, widths[widest] - secondWidest(widths, columns, widest)));
    widths[widest] -= cut;
    overflow -= cut;
  }
  const line = (texts: string[], styled: (text: string, i: number) => string) =>
    texts
      .map((text, i) => {
        const cut = truncate(text, widths[i]);
        const padded = columns[i].align === "right" ? cut.padStart(widths[i]) : cut.padEnd(widths[i]);
        return styled(padded, i);
      })
      .join(GAP)
      .trimEnd()
      .replace(/^/, indent);
  const header = line(
    columns.map((c) => c.header),
    (text) => paint(f, "bold", text),
  );
  const body = cells.map((texts, r) => line(texts, (text, i) => columns[i].style?.(text, rows[r]) ?? text));
  return [header, ...body].join("\n") + "\n";
}

/** Width of the widest flexible column other than `except`, so shrinking spreads over the wide columns. */
function secondWidest<Row>(widths: number[], columns: Column<Row>[], except: number): number {
  let best = 0;
  columns.forEach((column, i) => {
    if (column.flex && i !== except) best = Math.max(best, widths[i]);
  });
  return best;
}
