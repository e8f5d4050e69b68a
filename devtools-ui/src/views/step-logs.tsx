/**
 * A step's console output, attempt by attempt. Finished attempts come from the run's log (stored with their
 * outcome); the running attempt's lines arrive live from the dev server while it runs.
 */
import { useEffect, useState } from "preact/hooks";
import type { StepLogLine } from "../../../runtime/events/event.ts";
import type { StepState } from "../../../runtime/events/reduce-run.ts";
import { API } from "../api/client.ts";
import { formatTime } from "../state/format.ts";

type LiveLine = StepLogLine & { attempt: number };

export function StepLogs(props: { runId: string; step: StepState; live: boolean }) {
  const { step } = props;
  const live = useLiveLines(props.runId, step.stepId, props.live);
  const stored = step.attempts.filter((attempt) => attempt.logs?.length || attempt.logsDropped);
  // Live lines of attempts whose outcome is stored are shown from the stored copy.
  const storedAttempts = new Set(stored.map((attempt) => attempt.attempt));
  const running = live.filter((line) => !storedAttempts.has(line.attempt));
  if (stored.length === 0 && running.length === 0) return null;
  const many = step.attempts.length > 1;
  return (
    <section class="step-logs" aria-label="Logs">
      <h4>Logs</h4>
      {stored.map((attempt) => (
        <LogLines key={attempt.attempt} title={many ? `attempt ${attempt.attempt}` : undefined} lines={attempt.logs ?? []} dropped={attempt.logsDropped} />
      ))}
      {running.length > 0 && <LogLines title={`attempt ${running[0].attempt}, running`} lines={running} />}
    </section>
  );
}

function LogLines(props: { title?: string; lines: StepLogLine[]; dropped?: number }) {
  return (
    <div class="log-block">
      {props.title && <div class="muted small">{props.title}</div>}
      <ol class="log-lines mono">
        {props.lines.map((line, index) => (
          <li key={index} class={`log-line log-${line.level}`}>
            <span class="muted">{formatTime(line.at)}</span> <span class="log-level">{line.level}</span> <span class="log-text">{line.text}</span>
          </li>
        ))}
      </ol>
      {props.dropped ? <div class="muted small">… {props.dropped} more line{props.dropped === 1 ? "" : "s"} not stored</div> : null}
    </div>
  );
}

/** Lines the step prints from now on, while `enabled` (its attempt is running). */
function useLiveLines(runId: string, stepId: string, enabled: boolean): LiveLine[] {
  const [lines, setLines] = useState<LiveLine[]>([]);
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(`${API}runs/${encodeURIComponent(runId)}/steps/${encodeURIComponent(stepId)}/logs`);
    source.addEventListener("line", (event) => {
      try {
        const line = JSON.parse((event as MessageEvent<string>).data) as LiveLine;
        setLines((previous) => [...previous, line]);
      } catch {
        // A malformed line is skipped; the stored copy arrives with the attempt's outcome.
      }
    });
    return () => source.close();
  }, [runId, stepId, enabled]);
  return lines;
}
