/** The details pane for a deep link to a step, sleep or hook the run does not have (a stale or mistyped link). */

/** What an item id names, from its prefix: `step_…`, `wait_…` or `hook_…`. */
function itemKind(itemId: string): string {
  if (itemId.startsWith("wait_")) return "Sleep";
  if (itemId.startsWith("hook_")) return "Hook";
  return "Step";
}

/** Says that the linked item is not in this run (or not yet, at the time-travel cursor). */
export function ItemNotFound(props: { itemId: string; timeTravel: boolean; onClose: () => void }) {
  const kind = itemKind(props.itemId);
  return (
    <aside class="item-panel not-found" aria-label={`${kind} not found`}>
      <header class="panel-head">
        <div class="panel-title">
          <strong>{kind} not found</strong>
        </div>
        <button class="icon-button" onClick={props.onClose} aria-label="Close details" title="Close (Esc)">✕</button>
      </header>
      <p class="muted">
        This run has no {kind.toLowerCase()} <code class="mono">{props.itemId}</code>
        {props.timeTravel ? " at the chosen event; move the cursor later or go back to live." : ". The link may be stale or mistyped; pick an item on the timeline."}
      </p>
    </aside>
  );
}
