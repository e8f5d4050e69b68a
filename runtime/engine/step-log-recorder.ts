import { formatWithOptions } from "node:util";
import type { AttemptLogs, StepLogLevel, StepLogLine } from "../events/event.ts";

/** Bounds of what one attempt keeps: enough to debug, small enough to live in the run's log. */
export const STEP_LOG_LIMITS = { lines: 200, lineChars: 2_000, totalChars: 32_000 } as const;

/** One line as it is announced live: which attempt of which step printed it. */
export interface StepLogNotice {
  runId: string;
  stepId: string;
  attempt: number;
  line: StepLogLine;
}

/** Collects the console output of one step attempt, announcing each line live as it comes. */
export interface StepLogRecorder {
  record(level: StepLogLevel, args: unknown[]): void;
  /** What the attempt printed, for its outcome event (empty when it printed nothing). */
  take(): AttemptLogs;
}

export function createStepLogRecorder(options: {
  runId: string;
  stepId: string;
  attempt: number;
  now: () => number;
  announce: (notice: StepLogNotice) => void;
}): StepLogRecorder {
  const lines: StepLogLine[] = [];
  let chars = 0;
  let dropped = 0;
  let taken = false;
  return {
    record(level, args) {
      // Work the step left running after its outcome was recorded prints to the terminal only.
      if (taken) return;
      let text = formatWithOptions({ colors: false, depth: 4 }, ...args);
      if (text.length > STEP_LOG_LIMITS.lineChars) text = `${text.slice(0, STEP_LOG_LIMITS.lineChars)}… (${text.length - STEP_LOG_LIMITS.lineChars} more characters)`;
      const line: StepLogLine = { level, at: options.now(), text };
      if (lines.length >= STEP_LOG_LIMITS.lines || chars + text.length > STEP_LOG_LIMITS.totalChars) dropped++;
      else {
        lines.push(line);
        chars += text.length;
      }
      // Live viewers see every line, also those the stored copy has no room for.
      options.announce({ runId: options.runId, stepId: options.stepId, attempt: options.attempt, line });
    },
    take() {
      taken = true;
      return { ...(lines.length > 0 ? { logs: lines } : {}), ...(dropped > 0 ? { logsDropped: dropped } : {}) };
    },
  };
}
