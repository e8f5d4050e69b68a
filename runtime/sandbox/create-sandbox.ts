import vm from "node:vm";
import { REGISTER_WORKFLOW, USE_STEP, WORKFLOW_CONTEXT } from "../globals.ts";
import type { WorkflowContext } from "../public/workflow-context.ts";
import type { CompiledWorkflowBundle } from "./compile-workflow-bundle.ts";
import { createPrng } from "./create-prng.ts";
import { installDeterministicDate } from "./deterministic-date.ts";
import { createSandboxCrypto } from "./sandbox-crypto.ts";
import type { SandboxState } from "./sandbox-state.ts";
import { installSandboxWebGlobals } from "../web/install-sandbox-web-globals.ts";
import { readBodyDurably } from "../web/read-body-durably.ts";
import { createUnavailableStub, UNAVAILABLE_GLOBALS, unavailableGlobalError } from "./unavailable-globals.ts";

/**
 * A new realm whose global object is an ordinary one (`vm.constants.DONT_CONTEXTIFY`, in every Node the
 * package supports), with `globals` installed on it. In a contextified realm every global lookup of the
 * workflow code (`Promise`, `Math`, a step) would go through an interceptor to a host object first, several
 * times slower than a plain lookup.
 */
function createRealm(globals: Record<string, unknown>): Record<PropertyKey, unknown> & typeof globalThis {
  const global = vm.createContext(vm.constants.DONT_CONTEXTIFY) as Record<PropertyKey, unknown> & typeof globalThis;
  // Host values replace the realm's own where both exist (`console`).
  return Object.assign(global, globals);
}

/** Seed and clock used while the bundle's top-level code runs, before the sandbox belongs to a run. */
const MODULE_SEED = "vite-workflow:module-scope";
const MODULE_TIME = 0;

/** A workflow sandbox: one `node:vm` realm with the bundle evaluated in it, owned by at most one run. */
export interface Sandbox {
  bundle: CompiledWorkflowBundle;
  /** The realm's global object (pass it to `deserialize(…, { global })` to revive values into the realm). */
  global: Record<PropertyKey, unknown> & typeof globalThis;
  state: SandboxState;
  /** Workflow functions the bundle registered, by workflow id. */
  workflows: Map<string, (...args: unknown[]) => unknown>;
  /** Hands the sandbox to a run: seeds its randomness, sets its clock and installs its workflow context. */
  bind(options: { seed: string; now: number; context: WorkflowContext }): void;
}

/**
 * Creates a deterministic realm and evaluates the workflow bundle in it once. Inside: seeded `Math.random` and
 * `crypto`, `Date` on the workflow clock, web globals (`URL`, `Headers`, `TextEncoder`, `console`, ...),
 * `Request`/`Response` with durable body reads, stream handle classes,
 * and stubs that explain what to use instead of timers, `process`, `require`, `Buffer` and `fetch`.
 * @example const sandbox = createSandbox(compileWorkflowBundle({ code })); sandbox.workflows.get(id)
 */
export function createSandbox(bundle: CompiledWorkflowBundle): Sandbox {
  const state: SandboxState = { now: MODULE_TIME, prng: createPrng(MODULE_SEED), replaying: false };
  const workflows = new Map<string, (...args: unknown[]) => unknown>();
  // The realm's global object is also its context (for `runInContext`).
  const global = createRealm(hostGlobals(state));
  global.Math.random = () => state.prng.next();
  installDeterministicDate(global, state);
  global[REGISTER_WORKFLOW] = (id: string, fn: (...args: unknown[]) => unknown) => void workflows.set(id, fn);
  global[USE_STEP] = (stepId: string) => createStepProxy(global, stepId);
  // Request/Response whose body reads are durable builtin steps; stream classes whose instances are handles.
  installSandboxWebGlobals(global, { readBody: readBodyDurably(global) });
  bundle.script.runInContext(global);
  return {
    bundle,
    global,
    state,
    workflows,
    bind({ seed, now, context: workflowContext }) {
      state.prng = createPrng(seed);
      state.now = now;
      global[WORKFLOW_CONTEXT] = workflowContext;
    },
  };
}

function hostGlobals(state: SandboxState): Record<string, unknown> {
  const globals: Record<string, unknown> = {
    console: createMutableConsole(state),
    crypto: createSandboxCrypto(state),
    URL,
    URLSearchParams,
    Headers,
    TextEncoder,
    TextDecoder,
    structuredClone,
    atob,
    btoa,
    queueMicrotask,
    fetch: () => {
      throw unavailableGlobalError("fetch");
    },
  };
  for (const name of Object.keys(UNAVAILABLE_GLOBALS)) globals[name] = createUnavailableStub(name);
  return globals;
}

/** The host console, silenced while a run replays so each log line appears once per run. */
function createMutableConsole(state: SandboxState): Console {
  return new Proxy(console, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => (state.replaying ? undefined : Reflect.apply(value, target, args));
    },
  });
}

/** What the workflow-mode transform puts in place of a step function: a call into the run's context. */
function createStepProxy(global: Record<PropertyKey, unknown>, stepId: string): (...args: unknown[]) => Promise<unknown> {
  const proxy = (...args: unknown[]) => {
    const context = global[WORKFLOW_CONTEXT] as WorkflowContext | undefined;
    if (!context) {
      throw new Error(`Step "${stepId}" was called outside a workflow run (at the top level of a workflow module?).`);
    }
    return context.callStep(stepId, args);
  };
  Object.defineProperty(proxy, "name", { value: stepId.slice(stepId.lastIndexOf("//") + 2) });
  Object.defineProperty(proxy, "stepId", { value: stepId });
  return proxy;
}
