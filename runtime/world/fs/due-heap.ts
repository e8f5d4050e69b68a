/** An entry of the due-time heap: a message id and the due time it was scheduled with. */
export interface DueEntry {
  id: string;
  dueAt: number;
}

/** A binary min-heap on `dueAt` (ties by insertion order), so the next due message is found in O(log n). */
export interface DueHeap {
  push(entry: DueEntry): void;
  peek(): DueEntry | undefined;
  pop(): DueEntry | undefined;
  readonly size: number;
}

/** Creates an empty due-time heap. */
export function createDueHeap(): DueHeap {
  const items: Array<DueEntry & { seq: number }> = [];
  let seq = 0;
  const less = (a: number, b: number) => items[a].dueAt < items[b].dueAt || (items[a].dueAt === items[b].dueAt && items[a].seq < items[b].seq);
  const swap = (a: number, b: number) => {
    const t = items[a];
    items[a] = items[b];
    items[b] = t;
  };
  return {
    get size() {
      return items.length;
    },
    push(entry) {
      items.push({ ...entry, seq: seq++ });
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    },
    peek() {
      return items[0];
    },
    pop() {
      if (items.length === 0) return undefined;
      const top = items[0];
      const last = items.pop()!;
      if (items.length > 0) {
        items[0] = last;
        let i = 0;
        for (;;) {
          const left = 2 * i + 1;
          const right = left + 1;
          let smallest = i;
          if (left < items.length && less(left, smallest)) smallest = left;
          if (right < items.length && less(right, smallest)) smallest = right;
          if (smallest === i) break;
          swap(i, smallest);
          i = smallest;
        }
      }
      return top;
    },
  };
}
