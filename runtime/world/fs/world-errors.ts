import { WorkflowError } from "../../errors/workflow-error.ts";

/** An id, token, name or value handed to the world is malformed; it was never joined into a path. */
export class WorldInputError extends WorkflowError {
  constructor(message: string) {
    super("ERR_WORLD_INVALID_INPUT", message);
    this.name = "WorldInputError";
  }
}

/** A run's event log has an unreadable line in its middle (a torn tail is tolerated, this is not). */
export class CorruptLogError extends WorkflowError {
  constructor(path: string, offset: number) {
    super(
      "ERR_WORLD_CORRUPT_LOG",
      `The event log ${path} has an unreadable line at byte ${offset} followed by valid lines, so it was changed outside the world. Restore the file from a backup or remove the broken line.`,
    );
    this.name = "CorruptLogError";
  }
}
