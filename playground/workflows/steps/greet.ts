/** Builds the greeting. Edit the text while `npm run dev` runs: the next run uses the new code. */
export async function greet(name: string) {
  "use step";
  return `Hello, ${name}!`;
}
