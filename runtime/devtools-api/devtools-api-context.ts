import type { JsonBodyOptions } from "../http/read-json-body.ts";
import type { World } from "../world/world.ts";
import type { ChangeHub } from "./create-change-hub.ts";
import type { DevtoolsPort } from "../engine/devtools-port.ts";

/** Everything a devtools route needs, built once per API instance. */
export interface DevtoolsApiContext {
  world: World;
  /** The engine for actions; absent in a read-only API. */
  runtime: DevtoolsPort | undefined;
  listWorkflows: () => Promise<string[]>;
  hub: ChangeHub;
  /** How request bodies are read: the limit, JSON only, the API's own error codes. */
  bodyOptions: JsonBodyOptions;
}
