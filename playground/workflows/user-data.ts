/** Parallel fan-out: three independent steps run at the same time with `Promise.all`. */
export async function fetchUserData(userId: string) {
  "use workflow";

  const [user, orders, preferences] = await Promise.all([
    fetchUser(userId),
    fetchOrders(userId),
    fetchPreferences(userId),
  ]);
  return { user, orders, preferences };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function fetchUser(userId: string) {
  "use step";
  await pause(200);
  return { id: userId, name: `User ${userId}` };
}

async function fetchOrders(userId: string) {
  "use step";
  await pause(200);
  return [{ id: `${userId}-order-1`, total: 42 }];
}

async function fetchPreferences(userId: string) {
  "use step";
  await pause(200);
  return { theme: "dark", newsletter: userId.length % 2 === 0 };
}
