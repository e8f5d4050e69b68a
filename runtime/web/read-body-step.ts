import { getStepFunction, registerStepFunction } from "../registry/register-step-function.ts";
import type { BodyKind } from "./create-sandbox-web-classes.ts";
import { READ_BODY_STEP_ID } from "./read-body-step-id.ts";

/** A `FormData` entry as the read-body step records it: a string, or a file's name, type and bytes. */
export type FormDataEntryData = [string, string | { name: string; type: string; bytes: Uint8Array }];

/**
 * The builtin step behind `request.json()`/`text()`/`arrayBuffer()`/`bytes()`/`formData()` in workflow
 * functions: the body is read once here and recorded, so replays get the recorded value. `json` and `text`
 * return the text (the workflow parses JSON, so a parse error is its realm's `SyntaxError` and not retried),
 * `arrayBuffer` and `bytes` the bytes, `formData` its entries.
 */
export async function readBodyStep(kind: BodyKind, message: Request | Response): Promise<unknown> {
  switch (kind) {
    case "json":
    case "text":
      return await message.text();
    case "arrayBuffer":
    case "bytes":
      return new Uint8Array(await message.arrayBuffer());
    case "formData": {
      const entries: FormDataEntryData[] = [];
      for (const [name, value] of await message.formData()) {
        if (typeof value === "string") entries.push([name, value]);
        else entries.push([name, { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) }]);
      }
      return entries;
    }
  }
}

/** Registers the read-body step (idempotent); the runtime calls it at start-up. */
export function registerReadBodyStep(): void {
  if (getStepFunction(READ_BODY_STEP_ID) !== readBodyStep) registerStepFunction(READ_BODY_STEP_ID, readBodyStep);
}
