import vm from "node:vm";
import type { SandboxState } from "./sandbox-state.ts";

// Evaluated inside the sandbox so the wrapper and its prototype belong to the sandbox's realm. Compiled once
// per process and run per context; never `eval`ed per context: the same source eval'd in thousands of
// contexts made each new sandbox slower (about 0.5 ms growing to several ms after a few thousand sandboxes).
const DATE_WRAPPER_SOURCE = `(function (now) {
  const OriginalDate = globalThis.Date;
  const construct = Reflect.construct;
  function Date(...args) {
    if (!new.target) return new OriginalDate(now()).toString();
    return construct(OriginalDate, args.length === 0 ? [now()] : args, new.target);
  }
  Date.prototype = OriginalDate.prototype;
  Object.defineProperty(OriginalDate.prototype, "constructor", { value: Date, writable: true, configurable: true });
  Date.now = function now_() { return now(); };
  Date.parse = OriginalDate.parse;
  Date.UTC = OriginalDate.UTC;
  Object.defineProperty(Date, "name", { value: "Date" });
  globalThis.Date = Date;
})`;

let dateWrapperScript: vm.Script | undefined;

/**
 * Replaces the sandbox's `Date` with one whose current time is the workflow clock: `new Date()`, `Date()`
 * and `Date.now()` read `state.now` at call time; dates built from explicit values behave as usual and stay
 * `instanceof Date`.
 * @example installDeterministicDate(context, state) // once, right after `vm.createContext`
 */
export function installDeterministicDate(context: vm.Context, state: SandboxState): void {
  dateWrapperScript ??= new vm.Script(DATE_WRAPPER_SOURCE, { filename: "vite-workflow:deterministic-date.js" });
  const install = dateWrapperScript.runInContext(context) as (now: () => number) => void;
  install(() => state.now);
}
