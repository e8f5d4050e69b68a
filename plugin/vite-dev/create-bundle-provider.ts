/** The compiled workflow bundle the engine evaluates: one script with every workflow of the app. */
export interface WorkflowBundle {
  code: string;
  map?: unknown;
  /** Ids of the workflows in the bundle (`workflow//<path>//<name>`), sorted. */
  workflowIds?: string[];
}

/** Hands the engine the latest workflow bundle, rebuilding it after an edit. */
export interface BundleProvider {
  /** The bundle of the current code; builds it first when it is missing or stale. */
  get(): Promise<WorkflowBundle>;
  /** Marks the bundle stale: the next `get` rebuilds it. A build already running is not affected. */
  invalidate(): void;
}

/**
 * Creates a provider that builds lazily and at most once per edit. A failed build is reported to every
 * caller until the next edit (it never falls back to older code silently).
 * @example const provider = createBundleProvider(() => buildWorkflowBundle({ root, entries }));
 */
export function createBundleProvider(build: () => Promise<WorkflowBundle>): BundleProvider {
  let current: Promise<WorkflowBundle> | undefined;
  return {
    get() {
      current ??= build().then((bundle) => ({ code: bundle.code, map: bundle.map, workflowIds: bundle.workflowIds }));
      return current;
    },
    invalidate() {
      current = undefined;
    },
  };
}
