let audit = async (message: string) => {

  console.log(message);
};

export async function log(message: string) {
  await audit(message);
}
