#!/usr/bin/env node
import { registerStepFunction as __wf_registerStep } from "vite-workflow/internal"; export async function cliStep() {

  return process.argv;
} __wf_registerStep("step//workflows/shebang.ts//cliStep", cliStep);
