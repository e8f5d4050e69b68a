import { describe, expect, it } from "vitest";
import { parseStack } from "./parse-stack.ts";

const STACK = `FatalError: Card declined for order-1
    at chargePayment (/app/workflows/order-saga.ts:42:22)
    at /app/node_modules/vite-workflow/dist/runtime/engine/handle-step-message.js:62:65
    at AsyncLocalStorage.run (node:async_hooks:346:14)
    at runInStepContext (/work/vite-workflow/dist/runtime/engine/step-context.js:16:26)
    at handleStepMessage (/work/vite-workflow/runtime/engine/handle-step-message.ts:62:33)
    at async file:///work/vite-workflow/dist/runtime/engine/create-runtime.js:125:20
    at placeOrderSaga (/app/src/runtime/order.ts:3:1)
    at step (/home/me/app/node_modules/.pnpm/vite-workflow@0.1.0/node_modules/vite-workflow/dist/runtime/engine/x.js:1:1)
    at linked (/home/me/src/vite-workflow/dist/plugin/vite-dev/y.js:2:2)`;

describe("parseStack", () => {
  it("splits the header from the frames and marks only the user's frames as user frames", () => {
    const { header, frames } = parseStack(STACK);
    expect(header).toBe("FatalError: Card declined for order-1");
    expect(frames.map((frame) => [frame.fn, frame.file, frame.line, frame.user])).toEqual([
      ["chargePayment", "/app/workflows/order-saga.ts", 42, true],
      [undefined, "/app/node_modules/vite-workflow/dist/runtime/engine/handle-step-message.js", 62, false],
      ["AsyncLocalStorage.run", "node:async_hooks", 346, false],
      ["runInStepContext", "/work/vite-workflow/dist/runtime/engine/step-context.js", 16, false],
      ["handleStepMessage", "/work/vite-workflow/runtime/engine/handle-step-message.ts", 62, false],
      [undefined, "/work/vite-workflow/dist/runtime/engine/create-runtime.js", 125, false],
      ["placeOrderSaga", "/app/src/runtime/order.ts", 3, true],
      ["step", "/home/me/app/node_modules/.pnpm/vite-workflow@0.1.0/node_modules/vite-workflow/dist/runtime/engine/x.js", 1, false],
      ["linked", "/home/me/src/vite-workflow/dist/plugin/vite-dev/y.js", 2, false],
    ]);
  });
});
