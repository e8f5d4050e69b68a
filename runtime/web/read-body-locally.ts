import { BODY_BYTES } from "../serialization/types-table.ts";
import type { BodyKind, SandboxBodyReader } from "./create-sandbox-web-classes.ts";

const utf8 = new TextDecoder();

/**
 * A `readBody` for the sandbox classes that decodes the body bytes the message already holds. Deterministic:
 * the bytes came from the event log (a step result, a hook payload) or from the workflow's own code, so every
 * replay reads the same value without recording anything. `formData()` is refused: there is no `FormData` in
 * workflow functions.
 * @example createSandboxWebClasses(realm, { readBody: readBodyLocally(realm) })
 */
export function readBodyLocally(realm: typeof globalThis): SandboxBodyReader {
  return (kind: BodyKind, message) => {
    const bytes = (message as { [BODY_BYTES]?: Uint8Array | null })[BODY_BYTES] ?? new Uint8Array(0);
    try {
      switch (kind) {
        case "text":
          return realm.Promise.resolve(utf8.decode(bytes));
        case "json":
          return realm.Promise.resolve(realm.JSON.parse(utf8.decode(bytes)) as unknown);
        case "arrayBuffer": {
          const buffer = new realm.ArrayBuffer(bytes.byteLength);
          new realm.Uint8Array(buffer).set(bytes);
          return realm.Promise.resolve(buffer);
        }
        case "bytes":
          return realm.Promise.resolve(new realm.Uint8Array(bytes));
        case "formData":
          throw new realm.TypeError(
            'formData() cannot be used in a workflow function: pass the Request or Response to a step function ("use step") and read the form there.',
          );
      }
    } catch (error) {
      return realm.Promise.reject(error);
    }
  };
}
