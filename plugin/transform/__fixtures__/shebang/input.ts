#!/usr/bin/env node
export async function cliStep() {
  "use step";
  return process.argv;
}
