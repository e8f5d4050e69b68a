import { exclaim, greet } from "./steps";

/** Two steps: the fixture's server route starts this and another one reads its result. */
export async function greeting(name: string) {
  "use workflow";
  const text = await greet(name);
  return await exclaim(text);
}
