import type { Hook } from "../public/workflow-context.ts";

/** The workflow-side half of a hook: the user's `Hook` object and the engine's delivery function. */
export interface HookHandle<T> {
  hook: Hook<T>;
  /** Hands a payload to the oldest waiting `await`, or buffers it for the next one. */
  deliver(payload: T): void;
}

/**
 * Builds a hook object for workflow code: awaiting it takes the next payload (payloads that arrive before
 * anyone waits are buffered, in order); `for await` takes them one by one until the loop ends, which
 * disposes the hook through `onDispose`.
 */
export function createHookHandle<T>(options: {
  token: string;
  realm: typeof globalThis;
  extra?: Record<string, unknown>;
  onDispose(): void;
}): HookHandle<T> {
  const { realm } = options;
  const buffered: T[] = [];
  const waiters: Array<(payload: T) => void> = [];
  const next = (): Promise<T> =>
    buffered.length > 0
      ? realm.Promise.resolve(buffered.shift() as T)
      : new realm.Promise<T>((resolve) => void waiters.push(resolve));
  const hook = {
    ...options.extra,
    token: options.token,
    // A hook is awaitable by design (the documented API): `await hook` takes the next payload.
    // oxlint-disable-next-line unicorn/no-thenable
    then<A = T, B = never>(onFulfilled?: ((value: T) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null) {
      return next().then(onFulfilled, onRejected);
    },
    [Symbol.asyncIterator]() {
      return {
        next: () => next().then((value) => ({ value, done: false as const })),
        return: () => {
          options.onDispose();
          return realm.Promise.resolve({ value: undefined, done: true as const });
        },
      };
    },
  } as unknown as Hook<T>;
  return {
    hook,
    deliver(payload) {
      const waiter = waiters.shift();
      if (waiter) waiter(payload);
      else buffered.push(payload);
    },
  };
}
