/**
 * A recorded error: name, message, code, a stack whose own frames open in the user's editor (internal
 * frames of Node, dependencies and the workflow runtime folded away), and its causes.
 */
import { useState } from "preact/hooks";
import type { RecordedError } from "../../../runtime/events/event.ts";
import { api } from "../api/client.ts";
import { groupFrames, parseStack, type StackFrame } from "../state/parse-stack.ts";

export function ErrorView({ error }: { error: RecordedError | undefined }) {
  const [editorStatus, setEditorStatus] = useState<{ ok: boolean; message: string } | undefined>();
  if (!error || typeof error !== "object") return null;
  const { frames } = parseStack(error.stack);
  const open = async (frame: StackFrame) => {
    if (!frame.file) return;
    try {
      const result = await api.openInEditor(frame.file, frame.line, frame.column);
      setEditorStatus({ ok: true, message: `Opened in ${result.editor}.` });
    } catch (failure) {
      setEditorStatus({ ok: false, message: (failure as Error).message });
    }
  };
  return (
    <div class="error-view" role="alert">
      <div class="error-title">
        <strong>{error.name || "Error"}</strong>
        {error.code && <code class="mono error-code">{error.code}</code>}
      </div>
      <div class="error-message">{error.message}</div>
      {frames.length > 0 && (
        <ol class="stack mono">
          {groupFrames(frames).map((group, i) =>
            group.kind === "user" ? (
              <li key={i} class="frame user">
                {group.frame.fn && <span class="fn">{group.frame.fn} </span>}
                <button class="link frame-link" title="Open in your editor" onClick={() => void open(group.frame)}>
                  {location(group.frame)}
                </button>
              </li>
            ) : (
              <li key={i} class="frame internal">
                <details>
                  <summary>{group.frames.length} internal frame{group.frames.length === 1 ? "" : "s"}</summary>
                  <ol class="internal-frames">
                    {group.frames.map((frame, j) => (
                      <li key={j}>{frame.fn && <span class="fn">{frame.fn} </span>}{frame.file ? location(frame) : frame.raw}</li>
                    ))}
                  </ol>
                </details>
              </li>
            ),
          )}
        </ol>
      )}
      {editorStatus && <div class={`editor-status small ${editorStatus.ok ? "ok" : "err"}`} role="status">{editorStatus.message}</div>}
      {!frames.length && error.stack && <pre class="mono stack-raw">{error.stack}</pre>}
      {error.cause && (
        <div class="cause">
          <span class="muted">Caused by</span>
          <ErrorView error={error.cause} />
        </div>
      )}
    </div>
  );
}

function location(frame: StackFrame): string {
  return `${frame.file}:${frame.line}:${frame.column}`;
}
