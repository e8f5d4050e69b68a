import { WorkflowError } from "../../errors/workflow-error.ts";

/** An id, token, name or value handed to the world is malformed; it was never joined into a path. */
export class WorldInputError extends WorkflowError {
  constructor(message: string) {
    super("ERR_WORLD_INVALID_INPUT", message);
    this.name = "WorldInputError";
  }
}

/**
 * A run's event log has an unreadable line followed by valid ones (a torn last line is tolerated, this is
 * not). The world reports it as the run's failure (`ERR_CORRUPT_LOG`) rather than throwing it.
 */
export class CorruptLogError extends WorkflowError {
  constructor(path: string, line: number, offset: number) {
    super(
      "ERR_CORRUPT_LOG",
      `The event log ${path} has an unreadable line ${line} (byte ${offset}) followed by valid lines, so it was changed outside the world; the run is shown as failed and left untouched. Restore the file from a backup or remove the broken line, then restart the server to resume the run.`,
    );
    this.name = "CorruptLogError";
  }
}
