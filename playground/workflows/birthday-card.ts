import { createWebhook, sleep } from "workflow";

/** Token of a friend's RSVP webhook (the page builds the same URL to answer). */
export function rsvpToken(email: string, friend: string) {
  return `rsvp:${email}:${friend}`;
}

/**
 * The birthday card generator from "Control Flow Patterns": make the card, invite every friend through a
 * webhook, collect RSVPs as they arrive, and send the card on the birthday, or as soon as everyone has
 * answered (`Promise.race` of the webhooks and the sleep).
 */
export async function birthdayWorkflow(prompt: string, email: string, friends: string[], birthday: string) {
  "use workflow";

  // Generate a birthday card with sequential steps
  const text = await makeCardText(prompt);
  const image = await makeCardImage(text);

  // Create webhooks for each friend who's invited to the birthday party
  const webhooks = friends.map((friend) => createWebhook({ token: rsvpToken(email, friend) }));

  // Send out all the RSVP invites in parallel steps
  await Promise.all(friends.map((friend, i) => sendRSVPEmail(friend, webhooks[i].url)));

  // Collect RSVPs as they are made without blocking the workflow
  const rsvps: string[] = [];
  const replies = webhooks.map((webhook) =>
    webhook.then((request) => request.json()).then(({ rsvp }: { rsvp: string }) => rsvps.push(rsvp)),
  );

  // Wait until the birthday, or until every friend has answered
  await Promise.race([Promise.all(replies), sleep(new Date(birthday))]);

  // Send birthday card with as many rsvps were collected
  await sendBirthdayCard(text, image, rsvps, email);

  return { text, image, rsvps, status: "Sent" };
}

async function makeCardText(prompt: string) {
  "use step";
  return `Happy birthday! ${prompt}`;
}

async function makeCardImage(text: string) {
  "use step";
  return `https://picsum.photos/seed/${encodeURIComponent(text.length.toString())}/400/200`;
}

async function sendRSVPEmail(friend: string, url: string) {
  "use step";
  return { to: friend, rsvpUrl: url };
}

async function sendBirthdayCard(text: string, image: string, rsvps: string[], email: string) {
  "use step";
  return { to: email, text, image, rsvps };
}
