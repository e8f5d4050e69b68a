import { streamText } from "./ai";

export async function chat(prompt: string, apiKey: string) {
  "use workflow";
  return streamText({
    prompt,
    tools: {
      weather: {
        async execute({ city }: { city: string }) {
          "use step";
          return fetch(`https://weather.example/${city}?key=${apiKey}`).then((response) => response.json());
        },
      },
    },
  });
}
