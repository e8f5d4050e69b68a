/** A coloured status pill; the colour comes from the `--status-*` CSS variables. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge status-${status}`} data-status={status}>
      <span class="dot" />
      {status}
    </span>
  );
}
