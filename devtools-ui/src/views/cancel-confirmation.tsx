/** The in-panel question asked before cancelling a run: cancelling cannot be undone. */
import { useEffect, useRef } from "preact/hooks";

/** Asks to confirm a cancel, with the safe choice focused so a stray Enter keeps the run going. */
export function CancelConfirmation(props: { onConfirm: () => void; onDismiss: () => void }) {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div
      class="banner confirm"
      role="alertdialog"
      aria-label="Cancel this run?"
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.stopPropagation();
        props.onDismiss();
      }}
    >
      <span>Cancel this run? Its pending steps, sleeps and hooks stop; this cannot be undone.</span>
      <div class="actions">
        <button class="danger" onClick={props.onConfirm}>Yes, cancel run</button>
        <button ref={keep} onClick={props.onDismiss}>Keep running</button>
      </div>
    </div>
  );
}
