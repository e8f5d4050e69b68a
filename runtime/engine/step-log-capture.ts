import { STEP_CONTEXT } from "../globals.ts";
import type { StepLogLevel } from "../events/event.ts";
import type { StepLogNotice, StepLogRecorder } from "./step-log-recorder.ts";

const CAPTURE = Symbol.for("vite-workflow.stepLogCapture");
const LEVELS: StepLogLevel[] = ["debug", "log", "info", "warn", "error"];

interface Capture {
  listeners: Set<(notice: StepLogNotice) => void>;
}

/**
 * Makes `console.debug/log/info/warn/error` inside a step also go to that attempt's recorder (found through
 * the step's AsyncLocalStorage context); the output still reaches the terminal as before. Installed once per
 * process, whichever copy of the engine asks first, since every copy shares the console and the step context.
 */
export function captureStepLogs(): Capture {
  const host = globalThis as { [CAPTURE]?: Capture; [STEP_CONTEXT]?: () => { logs?: StepLogRecorder } | undefined };
  if (host[CAPTURE]) return host[CAPTURE];
  const capture: Capture = { listeners: new Set() };
  host[CAPTURE] = capture;
  for (const level of LEVELS) {
    const original = console[level];
    console[level] = function capturedConsole(this: Console, ...args: unknown[]) {
      original.apply(this, args);
      const recorder = host[STEP_CONTEXT]?.()?.logs;
      if (!recorder) return;
      try {
        recorder.record(level, args);
      } catch {
        // A value util.format cannot print must not fail the step that printed it.
      }
    };
  }
  return capture;
}

/** Announces a step's line to live viewers in this process (the devtools API). */
export function announceStepLog(notice: StepLogNotice): void {
  for (const listener of captureStepLogs().listeners) {
    try {
      listener(notice);
    } catch {
      // A viewer that went away must not disturb the step.
    }
  }
}

/** Follows the lines steps print in this process; returns the function that stops following. */
export function onStepLog(listener: (notice: StepLogNotice) => void): () => void {
  const { listeners } = captureStepLogs();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
