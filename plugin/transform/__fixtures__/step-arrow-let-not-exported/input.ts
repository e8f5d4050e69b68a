let audit = async (message: string) => {
  "use step";
  console.log(message);
};

export async function log(message: string) {
  await audit(message);
}
