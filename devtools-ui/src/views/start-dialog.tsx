/** "Start a run": pick a known workflow and give its arguments as a JSON array. */
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { shortWorkflowName } from "../state/format.ts";

export function StartDialog(props: { workflows: string[]; initial?: string; onClose: () => void; onStarted: (runId: string) => void }) {
  const [workflowId, setWorkflowId] = useState(props.initial ?? props.workflows[0] ?? "");
  const [args, setArgs] = useState("[]");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const submit = async (event: Event) => {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(args);
    } catch (e) {
      return setError(`Arguments are not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(parsed)) return setError("Arguments must be a JSON array, e.g. [10] or [\"a@b.c\"].");
    setBusy(true);
    try {
      const { runId } = await api.start(workflowId, parsed);
      props.onStarted(runId);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={dialog} class="dialog" onClose={props.onClose} aria-label="Start a run">
      <form onSubmit={submit}>
        <h3>Start a run</h3>
        {props.workflows.length === 0 ? (
          <p class="muted">No workflows are known yet. Add a file with a <code>"use workflow"</code> function under <code>workflows/</code>; it is listed here once the dev server has built it.</p>
        ) : (
          <label>
            Workflow
            <select value={workflowId} onChange={(e) => setWorkflowId((e.currentTarget as HTMLSelectElement).value)}>
              {props.workflows.map((id) => <option key={id} value={id}>{shortWorkflowName(id)} — {id}</option>)}
            </select>
          </label>
        )}
        <label>
          Arguments (JSON array)
          <textarea class="mono" rows={4} spellcheck={false} value={args} onInput={(e) => setArgs((e.currentTarget as HTMLTextAreaElement).value)} />
        </label>
        {error && <div class="banner error" role="alert">{error}</div>}
        <div class="form-row end">
          <button type="button" onClick={() => dialog.current?.close()}>Cancel</button>
          <button class="primary" type="submit" disabled={busy || !workflowId}>Start</button>
        </div>
      </form>
    </dialog>
  );
}
