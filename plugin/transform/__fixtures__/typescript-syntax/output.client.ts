import type { Order } from "./types";

interface Receipt<T> {
  order: T;
}

export async function makeReceipt<T extends Order>(order: T, options?: { copies?: number }): Promise<Receipt<T>> {

  const copies = options?.copies ?? 1;
  return { order: order as T, copies } satisfies Receipt<T> as Receipt<T>;
} makeReceipt.stepId = "step//workflows/typescript-syntax.ts//makeReceipt";

export declare function externalStep(): Promise<void>;

export enum Status {
  Open = "open",
}
