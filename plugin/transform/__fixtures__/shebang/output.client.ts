#!/usr/bin/env node
export async function cliStep() {

  return process.argv;
}
