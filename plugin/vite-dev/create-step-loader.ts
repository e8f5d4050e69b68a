import type { ModuleRunner } from "vite/module-runner";

/** Loads workflow and step files through a Vite module runner so their steps register themselves. */
export interface StepLoader {
  /** Imports every file (already evaluated files are not evaluated again). */
  load(files: string[]): Promise<void>;
  /**
   * Forgets the evaluation of `file` and of every module that imports it, so the next `load` evaluates
   * them again and their steps re-register with the new code. Returns whether `file` had been loaded.
   */
  invalidate(file: string): boolean;
}

/**
 * Creates a step loader on top of a module runner (the `workflow` environment's runner in the dev server).
 * @example const loader = createStepLoader(server.environments.workflow.runner); await loader.load(files);
 */
export function createStepLoader(runner: ModuleRunner): StepLoader {
  return {
    async load(files) {
      // Sequential: step ids are registered in import order and a failing file names itself.
      for (const file of files) await runner.import(file);
    },
    invalidate(file) {
      const modules = runner.evaluatedModules.getModulesByFile(file);
      if (!modules?.size) return false;
      const pending = [...modules];
      const seen = new Set(pending);
      while (pending.length > 0) {
        const node = pending.pop()!;
        runner.evaluatedModules.invalidateModule(node);
        for (const importerId of node.importers) {
          const importer = runner.evaluatedModules.getModuleById(importerId);
          if (importer && !seen.has(importer)) {
            seen.add(importer);
            pending.push(importer);
          }
        }
      }
      return true;
    },
  };
}
