import type { SandboxState } from "./sandbox-state.ts";

// Evaluated inside the sandbox so the wrapper and its prototype belong to the sandbox's realm.
const DATE_WRAPPER_SOURCE = `(function (OriginalDate, now) {
  function Date(...args) {
    if (!new.target) return new OriginalDate(now()).toString();
    return Reflect.construct(OriginalDate, args.length === 0 ? [now()] : args, new.target);
  }
  Date.prototype = OriginalDate.prototype;
  Object.defineProperty(OriginalDate.prototype, "constructor", { value: Date, writable: true, configurable: true });
  Date.now = function now_() { return now(); };
  Date.parse = OriginalDate.parse;
  Date.UTC = OriginalDate.UTC;
  Object.defineProperty(Date, "name", { value: "Date" });
  return Date;
})`;

/**
 * Replaces the sandbox's `Date` with one whose current time is the workflow clock: `new Date()`, `Date()`
 * and `Date.now()` read `state.now`; dates built from explicit values behave as usual and stay `instanceof Date`.
 */
export function installDeterministicDate(global: typeof globalThis, state: SandboxState): void {
  const makeDate = global.eval(DATE_WRAPPER_SOURCE) as (original: DateConstructor, now: () => number) => DateConstructor;
  global.Date = makeDate(global.Date, () => state.now);
}
