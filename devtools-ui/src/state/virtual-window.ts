/** Which rows of a fixed-row-height list to render for a scroll position: the windowing arithmetic. */
export interface VirtualWindow {
  start: number;
  end: number;
  /** Offset of the first rendered row from the top of the list, in px. */
  offsetTop: number;
  totalHeight: number;
}

export function computeWindow(options: {
  count: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  overscan?: number;
}): VirtualWindow {
  const { count, rowHeight } = options;
  const overscan = options.overscan ?? 8;
  const totalHeight = count * rowHeight;
  const first = Math.floor(Math.max(0, options.scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, options.viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/** The scrollTop that brings row `index` fully into view, or `undefined` when it already is. */
export function scrollIntoView(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number | undefined {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return undefined;
}
