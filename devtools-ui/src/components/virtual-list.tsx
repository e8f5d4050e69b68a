/** A fixed-row-height windowed list: only the rows in view (plus overscan) are in the DOM. */
import type { ComponentChildren } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { computeWindow, scrollIntoView } from "../state/virtual-window.ts";

export function VirtualList<T>(props: {
  items: readonly T[];
  rowHeight: number;
  activeIndex?: number;
  render: (item: T, index: number) => ComponentChildren;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || props.activeIndex === undefined || props.activeIndex < 0) return;
    const next = scrollIntoView(props.activeIndex, props.rowHeight, el.scrollTop, el.clientHeight);
    if (next !== undefined) el.scrollTop = next;
  }, [props.activeIndex, props.rowHeight]);

  const win = computeWindow({ count: props.items.length, rowHeight: props.rowHeight, scrollTop, viewportHeight: height });
  const rows: ComponentChildren[] = [];
  for (let i = win.start; i < win.end; i++) rows.push(props.render(props.items[i], i));
  return (
    <div class="virtual" ref={ref} role="listbox" aria-label={props.label} onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}>
      <div style={{ height: `${win.totalHeight}px`, position: "relative" }}>
        <div style={{ transform: `translateY(${win.offsetTop}px)` }}>{rows}</div>
      </div>
    </div>
  );
}
