import { sleep } from "workflow";

/** Two steps around a short sleep. */
export async function helloWorkflow(name: string) {
  "use workflow";

  const greeting = await makeGreeting(name);
  await sleep("100ms");
  return await shout(greeting);
}

async function makeGreeting(name: string) {
  "use step";
  return `hello, ${name}`;
}

async function shout(text: string) {
  "use step";
  return `${text.toUpperCase()}!`;
}
