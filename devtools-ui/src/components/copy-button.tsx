import { useState } from "preact/hooks";

/** A small button that copies `text` and confirms it. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      class="icon-button"
      title={`${label}: ${text}`}
      aria-label={label}
      onClick={(event) => {
        event.stopPropagation();
        void navigator.clipboard?.writeText(text).catch(() => {});
        setDone(true);
        setTimeout(() => setDone(false), 1200);
      }}
    >
      {done ? "✓" : <CopyIcon />}
    </button>
  );
}

/** An id in monospace with a copy button next to it. */
export function Id({ value, short }: { value: string; short?: boolean }) {
  return (
    <span class="id">
      <code class="mono" title={value}>{short ? shorten(value) : value}</code>
      <CopyButton text={value} label="Copy id" />
    </span>
  );
}

function shorten(id: string): string {
  return id.length > 18 ? `${id.slice(0, 9)}…${id.slice(-6)}` : id;
}

function CopyIcon() {
  return (
    <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5">
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
      <path d="M10.5 3.5v-1a1 1 0 0 0-1-1h-7a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h1" />
    </svg>
  );
}
