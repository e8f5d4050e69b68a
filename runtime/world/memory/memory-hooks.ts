import type { HookIndex, HookRecord, WorldChange } from "../world.ts";

/**
 * The hook token index in memory: a token belongs to at most one live hook; a claim whose hook is no longer
 * live (`isLive`: its run ended, or the log disposed of it) no longer protects its token.
 */
export function createMemoryHooks(options: {
  isLive(runId: string, hookId: string): boolean;
  isRecorded(runId: string, hookId: string): boolean;
  emit(change: WorldChange): void;
}): HookIndex {
  const hooks = new Map<string, HookRecord>();
  return {
    async claim(record) {
      const owner = hooks.get(record.token);
      const sameHook = owner?.runId === record.runId && owner.hookId === record.hookId;
      if (owner && !sameHook && options.isLive(owner.runId, owner.hookId)) return false;
      hooks.set(record.token, { ...record });
      options.emit({ type: "hook", token: record.token });
      return true;
    },
    async release(token, hookId) {
      if (hooks.get(token)?.hookId !== hookId) return;
      hooks.delete(token);
      options.emit({ type: "hook", token });
    },
    async get(token) {
      const hook = hooks.get(token);
      return hook && options.isLive(hook.runId, hook.hookId) ? { ...hook } : undefined;
    },
    async getRecorded(token) {
      const hook = hooks.get(token);
      return hook && options.isLive(hook.runId, hook.hookId) && options.isRecorded(hook.runId, hook.hookId) ? { ...hook } : undefined;
    },
    async listByRun(runId) {
      return [...hooks.values()]
        .filter((hook) => hook.runId === runId)
        .map((hook) => ({ ...hook }))
        .toSorted((a, b) => a.createdAt - b.createdAt);
    },
  };
}
