import type { Command } from "./command.ts";
import { inspectEvents } from "./commands/inspect-events.ts";
import { inspectHooks } from "./commands/inspect-hooks.ts";
import { inspectRuns } from "./commands/inspect-runs.ts";
import { inspectSteps } from "./commands/inspect-steps.ts";
import { inspectStreams } from "./commands/inspect-streams.ts";

/** The `inspect` commands, by canonical resource name. */
export const COMMANDS: readonly Command[] = [inspectRuns, inspectSteps, inspectEvents, inspectHooks, inspectStreams];

/** Short forms that would otherwise be ambiguous prefixes (`s` and `st` both start `steps`/`streams`). */
const ALIASES: Record<string, string> = { r: "runs", s: "steps", e: "events", h: "hooks", st: "streams" };

/**
 * The command for a resource word: a short alias, the singular or plural name, or any other unambiguous
 * prefix of a name (`ru`, `ev`, `str`), as the reference CLI normalises them. Undefined when none matches.
 */
export function resolveResource(word: string): Command | undefined {
  const lower = word.toLowerCase();
  const name = Object.hasOwn(ALIASES, lower) ? ALIASES[lower] : lower;
  const exact = COMMANDS.find((command) => command.name === name || command.name === `${name}s`);
  if (exact) return exact;
  const matches = COMMANDS.filter((command) => command.name.startsWith(name));
  return matches.length === 1 && name.length >= 2 ? matches[0] : undefined;
}
