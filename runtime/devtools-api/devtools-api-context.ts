import type { World } from "../world/world.ts";
import type { ChangeHub } from "./create-change-hub.ts";
import type { DevtoolsRuntime } from "./devtools-runtime.ts";

/** Everything a devtools route needs, built once per API instance. */
export interface DevtoolsApiContext {
  world: World;
  runtime: DevtoolsRuntime | undefined;
  listWorkflows: () => Promise<string[]>;
  hub: ChangeHub;
  bodyLimit: number;
}
