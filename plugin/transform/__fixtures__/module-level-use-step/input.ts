"use step";

import { readFile } from "node:fs/promises";

export async function loadConfig(path: string) {
  return JSON.parse(await readFile(path, "utf8"));
}

export const saveConfig = async (path: string, value: unknown) => {
  return { path, value };
};

export type Config = Record<string, unknown>;

function parse(text: string) {
  return JSON.parse(text);
}

export default async function () {
  return parse("{}");
}
