import { WORKFLOW_CONTEXT } from "../globals.ts";
import type { WorkflowContext } from "../public/workflow-context.ts";
import type { BodyKind, SandboxBodyReader } from "./create-sandbox-web-classes.ts";
import { READ_BODY_STEP_ID } from "./read-body-step-id.ts";
import type { FormDataEntryData } from "./read-body-step.ts";

/**
 * The `readBody` of a workflow realm: each body read is the builtin read-body step, so its value is recorded
 * once and replays read it from the log. Outside a run (module top level) there is no log to record into,
 * and the read rejects.
 * @example installSandboxWebGlobals(global, { readBody: readBodyDurably(global) })
 */
export function readBodyDurably(realm: typeof globalThis): SandboxBodyReader {
  return (kind: BodyKind, message) => {
    const context = (realm as { [WORKFLOW_CONTEXT]?: WorkflowContext })[WORKFLOW_CONTEXT];
    if (!context) return realm.Promise.reject(new realm.Error(`${kind}() can only read a body inside a workflow run.`));
    return context.callStep(READ_BODY_STEP_ID, [kind, message]).then((value) => fromRecorded(realm, kind, value));
  };
}

function fromRecorded(realm: typeof globalThis, kind: BodyKind, value: unknown): unknown {
  switch (kind) {
    case "text":
      return value;
    case "json":
      return realm.JSON.parse(value as string) as unknown;
    case "bytes":
      return value;
    case "arrayBuffer": {
      const bytes = value as Uint8Array;
      return bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer : bytes.slice().buffer;
    }
    case "formData": {
      // FormData comes from the host like Headers and URL do; its contents come from the log.
      const form = new FormData();
      for (const [name, entry] of value as FormDataEntryData[]) {
        if (typeof entry === "string") form.append(name, entry);
        else form.append(name, new File([entry.bytes as Uint8Array<ArrayBuffer>], entry.name, { type: entry.type }));
      }
      return form;
    }
  }
}
