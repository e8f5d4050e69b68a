export async function greet(name: string) {
  "use step";
  return `hello ${name}`;
}

export async function exclaim(text: string) {
  "use step";
  return `${text}!`;
}
