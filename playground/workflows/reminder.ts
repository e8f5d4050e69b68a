import { sleep, type DurationInput } from "workflow";

/** Sleeps for `delay` (e.g. "5s"), then delivers the reminder: the run survives a server restart meanwhile. */
export async function scheduleReminder(message: string, delay: DurationInput) {
  "use workflow";

  const scheduled = await recordReminder(message);
  await sleep(delay);
  const delivered = await deliverReminder(message);
  return { message, scheduled, delivered };
}

async function recordReminder(message: string) {
  "use step";
  return `scheduled: ${message}`;
}

async function deliverReminder(message: string) {
  "use step";
  return `delivered: ${message}`;
}
