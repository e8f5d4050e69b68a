import { randomBytes } from "node:crypto";

export async function token() {
  "use workflow";
  return randomBytes(16).toString("hex");
}
