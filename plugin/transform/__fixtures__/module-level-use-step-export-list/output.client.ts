

async function first(value: number) {
  return value;
}

const second = async (value: number) => value * 2;

export { first, second as double };
