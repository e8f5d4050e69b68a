/** Human formats for times and durations in the panel. */

/** `850ms`, `1.20s`, `2m 05s`, `3h 04m`, `2d 3h`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** `HH:MM:SS.mmm` for today, with the date in front for older times. */
export function formatTime(at: number | undefined, now = Date.now()): string {
  if (at === undefined || !Number.isFinite(at)) return "—";
  const date = new Date(at);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, "0")}`;
  const today = new Date(now);
  const sameDay = date.getFullYear() === today.getFullYear() && date.getMonth() === today.getMonth() && date.getDate() === today.getDate();
  return sameDay ? time : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
}

/** `HH:MM:SS` for today, with the date in front for other days: a compact wall-clock time for row labels. */
export function formatClock(at: number | undefined, now = Date.now()): string {
  const full = formatTime(at, now);
  return full.replace(/\.\d{3}$/, "");
}

/** `just now`, `12s ago`, `5m ago`, `3h ago`, `2d ago`; future times as `in 5m`. */
export function formatRelative(at: number | undefined, now = Date.now()): string {
  if (at === undefined || !Number.isFinite(at)) return "—";
  const diff = now - at;
  const abs = Math.abs(diff);
  if (abs < 2000) return "just now";
  const text = abs < 60_000 ? `${Math.floor(abs / 1000)}s` : abs < 3_600_000 ? `${Math.floor(abs / 60_000)}m` : abs < 86_400_000 ? `${Math.floor(abs / 3_600_000)}h` : `${Math.floor(abs / 86_400_000)}d`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

/** `workflow//workflows/signup.ts//userSignup` → `userSignup`. */
export function shortWorkflowName(id: string): string {
  const parts = id.split("//");
  return parts.length >= 3 ? parts.slice(2).join("//") : id;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
