import { randomBytes } from "node:crypto";
import { parseDuration } from "../durations/parse-duration.ts";
import { WebhookInvalidRespondWithValueError } from "../errors/documented-errors.ts";
import { HOOK_SCHEMA } from "../public/hook-schema-key.ts";
import type { Hook, HookOptions, WebhookOptions, WorkflowContext, WorkflowMetadata } from "../public/workflow-context.ts";
import { serialize } from "../serialization/serialize.ts";
import { getWorkflowWritable } from "../streams/run-streams.ts";
import { userStreamName } from "../streams/stream-names.ts";
import { workflowRealmTypes } from "./boundary-types.ts";
import type { HookCall, StepCall, WaitCall } from "./calls.ts";
import { createHookHandle } from "./create-hook-handle.ts";
import { rememberHookSchema } from "./hook-schemas.ts";
import type { RunExecutor } from "./run-executor.ts";

/** Path under the run's base URL where webhooks are delivered. */
export const WEBHOOK_PATH = "/.well-known/workflow/v1/webhook/";

/**
 * The primitives a running workflow reaches through `globalThis[WORKFLOW_CONTEXT]`: each turns a user call
 * (`step()`, `sleep()`, `createHook()`) into a call on the executor and hands back a promise of the sandbox's
 * realm. Once the run has ended, new calls return promises that never settle (nothing more is recorded).
 */
export function createWorkflowContext(executor: RunExecutor, options: { url: string }): WorkflowContext {
  const realm = executor.sandbox.global;
  const runId = executor.runId;
  const never = () => new realm.Promise<never>(() => {});
  const rejected = (error: unknown) => realm.Promise.reject(error);
  const types = workflowRealmTypes();

  function createAnyHook<T>(hookOptions: HookOptions & { respondWith?: unknown }, kind: "hook" | "webhook"): Hook<T> {
    // 144 CSPRNG bits, URL-safe; recorded in `hook_created`, so replays take the recorded token instead.
    let token = hookOptions.token ?? randomBytes(18).toString("base64url");
    if (typeof token !== "string" || token.length === 0 || token.length > 256) {
      throw new realm.TypeError(`Invalid hook token ${JSON.stringify(token)}: expected a non-empty string of at most 256 characters.`);
    }
    let metadata = hookOptions.metadata;
    if (kind === "webhook") {
      const { respondWith } = hookOptions;
      if (respondWith !== undefined && respondWith !== "manual" && Object.prototype.toString.call(respondWith) !== "[object Response]") {
        throw new WebhookInvalidRespondWithValueError(respondWith);
      }
      // The route reads the response mode from the hook's metadata.
      metadata = respondWith === undefined ? undefined : { respondWith };
    }
    let handle: ReturnType<typeof createHookHandle<T>> | undefined;
    const call = executor.issue(
      {
        kind: "hook",
        name: kind,
        create: (correlationId) => ({
          type: "hook_created",
          correlationId,
          token,
          kind,
          ...(metadata === undefined ? {} : { metadata: serialize(metadata, "hook-payload", { types }) }),
        }) as never,
      },
      (correlationId, recorded) => {
        if (recorded?.type === "hook_created") token = recorded.token;
        if (kind === "hook") rememberHookSchema(token, (hookOptions as { [HOOK_SCHEMA]?: unknown })[HOOK_SCHEMA]);
        const url = `${options.url}${WEBHOOK_PATH}${encodeURIComponent(token)}`;
        handle = createHookHandle<T>({
          token,
          realm,
          extra: kind === "webhook" ? { url } : undefined,
          onDispose: () => {
            if (!executor.recordedDisposals.has(correlationId)) {
              executor.pushEvent({ type: "hook_disposed", correlationId } as never);
            }
          },
        });
        const hookCall: HookCall = { kind: "hook", hookKind: kind, correlationId, token, recorded: !!recorded, disposeRecorded: false, deliver: (payload) => handle!.deliver(payload as T) };
        return hookCall;
      },
    );
    if (!call || !handle) return createHookHandle<T>({ token, realm, onDispose() {} }).hook;
    return handle.hook;
  }

  return {
    callStep(stepId, args) {
      let ended = false;
      const promise = new realm.Promise<unknown>((resolve, reject) => {
        try {
          const call = executor.issue(
            {
              kind: "step",
              name: stepId,
              create: (correlationId) => ({ type: "step_created", correlationId, stepName: stepId, input: serialize(args, "step-arguments", { types }) }) as never,
            },
            (correlationId, recorded): StepCall => ({ kind: "step", stepName: stepId, correlationId, recorded: !!recorded, settled: false, resolve, reject }),
          );
          ended = call === undefined;
        } catch (error) {
          // Arguments that cannot be serialized fail this call only, the same way on every execution.
          reject(error);
        }
      });
      return ended ? never() : promise;
    },
    sleep(duration) {
      let resumeAt: number;
      try {
        resumeAt = parseDuration(duration, executor.sandbox.state.now);
      } catch (error) {
        return rejected(error);
      }
      let call: WaitCall | undefined;
      const promise = new realm.Promise<void>((resolve) => {
        call = executor.issue(
          { kind: "wait", name: "sleep", create: (correlationId) => ({ type: "wait_created", correlationId, resumeAt }) as never },
          (correlationId, recorded) => ({
            kind: "wait",
            correlationId,
            resumeAt: recorded?.type === "wait_created" ? recorded.resumeAt : resumeAt,
            recorded: !!recorded,
            settled: false,
            resolve,
          }),
        ) as WaitCall | undefined;
      });
      return call ? promise : never();
    },
    createHook: <T>(hookOptions?: HookOptions) => createAnyHook<T>(hookOptions ?? {}, "hook"),
    createWebhook: (hookOptions?: WebhookOptions) => createAnyHook<Request>(hookOptions ?? {}, "webhook") as never,
    getWritable(writableOptions) {
      const writable = getWorkflowWritable(realm, runId, writableOptions);
      executor.openStream(userStreamName(runId, writableOptions?.namespace), writableOptions?.namespace);
      return writable;
    },
    getWorkflowMetadata(): WorkflowMetadata {
      return { workflowRunId: runId, workflowStartedAt: new realm.Date(executor.startedAt ?? 0), url: options.url };
    },
  };
}
