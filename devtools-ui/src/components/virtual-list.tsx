/** A fixed-row-height windowed list: only the rows in view (plus overscan) are in the DOM. */
import type { ComponentChildren } from "preact";
import { useVirtualWindow } from "./use-virtual-window.ts";

export function VirtualList<T>(props: {
  items: readonly T[];
  rowHeight: number;
  activeIndex?: number;
  render: (item: T, index: number) => ComponentChildren;
  label: string;
}) {
  const { ref, win, onScroll } = useVirtualWindow({ count: props.items.length, rowHeight: props.rowHeight, activeIndex: props.activeIndex });
  const rows: ComponentChildren[] = [];
  for (let i = win.start; i < win.end; i++) rows.push(props.render(props.items[i], i));
  return (
    <div class="virtual" ref={ref} role="listbox" aria-label={props.label} onScroll={onScroll}>
      <div style={{ height: `${win.totalHeight}px`, position: "relative" }}>
        <div style={{ transform: `translateY(${win.offsetTop}px)` }}>{rows}</div>
      </div>
    </div>
  );
}
