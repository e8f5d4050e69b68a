/** The state of a fixed-row-height windowed list: which rows are in view, kept as it scrolls and resizes. */
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { computeWindow, scrollIntoView } from "../state/virtual-window.ts";

/**
 * Attach `ref` and `onScroll` to the scrolling element and render rows `win.start` to `win.end`. The row at
 * `activeIndex` (a keyboard cursor, a time cursor) is scrolled into view whenever it moves.
 */
export function useVirtualWindow(options: { count: number; rowHeight: number; activeIndex?: number }) {
  const { count, rowHeight, activeIndex } = options;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  // The scrolling element may only be rendered once there are rows: observe it again when it appears.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, [count === 0]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || activeIndex === undefined || activeIndex < 0) return;
    const next = scrollIntoView(activeIndex, rowHeight, el.scrollTop, el.clientHeight);
    if (next !== undefined) el.scrollTop = next;
  }, [activeIndex, rowHeight]);

  const win = computeWindow({ count, rowHeight, scrollTop, viewportHeight: height });
  const onScroll = (event: Event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop);
  return { ref, win, onScroll };
}
