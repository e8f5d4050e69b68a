export async function invoice(customerId: string, currency = "EUR") {
  "use workflow";
  const rate = 1.2;
  let total = 0;
  async function priceLine(amount: number) {
    "use step";
    return { customerId, amount: amount * rate, currency, total };
  }
  total = 10;
  priceLine.maxRetries = 2;
  return priceLine(5);
}
