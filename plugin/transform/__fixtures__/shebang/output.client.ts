#!/usr/bin/env node
export async function cliStep() {

  return process.argv;
} cliStep.stepId = "step//workflows/shebang.ts//cliStep";
