/** The current time, refreshed every `intervalMs` while `ticking`; frozen (no re-render) otherwise. */
import { useEffect, useState } from "preact/hooks";

export function useNow(intervalMs: number, ticking = true): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs, ticking]);
  return now;
}
