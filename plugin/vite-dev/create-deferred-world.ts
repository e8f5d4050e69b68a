import type { World } from "../../runtime/world/world.ts";

/**
 * A World usable at once whose calls wait for `ready` (worlds open asynchronously, while a runtime must
 * exist as soon as server code imports `workflow/api`).
 * @example setRuntime(createRuntime({ world: createDeferredWorld(createWorld()), consume: false, ... }));
 */
export function createDeferredWorld(ready: Promise<World>): World {
  // Keeps an unawaited failure from crashing the thread; every call reports it instead.
  let opened: World | undefined;
  ready.then((world) => (opened = world), () => {});
  const later =
    <A extends unknown[], R>(pick: (world: World) => (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> =>
      pick(await ready)(...args);
  return {
    createRun: later((world) => world.createRun),
    appendEvents: later((world) => world.appendEvents),
    readEvents: later((world) => world.readEvents),
    getRun: later((world) => world.getRun),
    listRuns: later((world) => world.listRuns),
    listActiveRunIds: later((world) => world.listActiveRunIds),
    hooks: {
      claim: later((world) => world.hooks.claim),
      release: later((world) => world.hooks.release),
      get: later((world) => world.hooks.get),
      listByRun: later((world) => world.hooks.listByRun),
    },
    queue: {
      enqueue: later((world) => world.queue.enqueue),
      ack: later((world) => world.queue.ack),
      consume(handler, options) {
        let stop: (() => void) | undefined;
        let stopped = false;
        void ready.then((world) => {
          if (!stopped) stop = world.queue.consume(handler, options);
        });
        return () => {
          stopped = true;
          stop?.();
        };
      },
    },
    owners: {
      // Synchronous in the interface: known once the world is open (every caller has awaited a call by then).
      get self() {
        if (!opened) throw new Error("The world is still opening: its owner id is not known yet.");
        return opened.owners.self;
      },
      claim: later((world) => world.owners.claim),
      release: later((world) => world.owners.release),
      isAlive: later((world) => world.owners.isAlive),
      listOrphaned: later((world) => world.owners.listOrphaned),
    },
    streams: {
      write: later((world) => world.streams.write),
      close: later((world) => world.streams.close),
      async *read(name, options) {
        yield* (await ready).streams.read(name, options);
      },
    },
    watch(listener) {
      let stop: (() => void) | undefined;
      let stopped = false;
      void ready.then((world) => {
        if (!stopped) stop = world.watch(listener);
      });
      return () => {
        stopped = true;
        stop?.();
      };
    },
    close: later((world) => world.close),
  };
}
