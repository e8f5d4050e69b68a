import type { Order } from "./types";

interface Receipt<T> {
  order: T;
}

export async function makeReceipt(...args) { return globalThis[Symbol.for("WORKFLOW_USE_STEP")]("step//workflows/typescript-syntax.ts//makeReceipt")(...args);



} makeReceipt.stepId = "step//workflows/typescript-syntax.ts//makeReceipt";

export declare function externalStep(): Promise<void>;

export enum Status {
  Open = "open",
}
