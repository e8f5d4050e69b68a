/**
 * Runs at most `concurrency` tasks at once, the rest in arrival order.
 * @example const limit = createLimiter(4); await Promise.all(jobs.map((job) => limit(() => job())));
 */
export function createLimiter(concurrency: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
