/** A recorded error: name, message, code, a stack with the user's frames highlighted, and its causes. */
import type { RecordedError } from "../../../runtime/events/event.ts";
import { editorLink, parseStack } from "../state/parse-stack.ts";

export function ErrorView({ error }: { error: RecordedError | undefined }) {
  if (!error || typeof error !== "object") return null;
  const { frames } = parseStack(error.stack);
  return (
    <div class="error-view" role="alert">
      <div class="error-title">
        <strong>{error.name || "Error"}</strong>
        {error.code && <code class="mono error-code">{error.code}</code>}
      </div>
      <div class="error-message">{error.message}</div>
      {frames.length > 0 && (
        <ol class="stack mono">
          {frames.map((frame, i) => {
            const link = frame.user ? editorLink(frame) : undefined;
            return (
              <li key={i} class={frame.user ? "frame user" : "frame"}>
                {frame.fn && <span class="fn">{frame.fn} </span>}
                {frame.file ? (
                  link ? (
                    <a href={link} target="_blank" rel="noreferrer" title="Open in editor">
                      {frame.file}:{frame.line}:{frame.column}
                    </a>
                  ) : (
                    <span>{frame.file}:{frame.line}:{frame.column}</span>
                  )
                ) : (
                  <span>{frame.raw}</span>
                )}
              </li>
            );
          })}
        </ol>
      )}
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
