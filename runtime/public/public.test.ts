import { describe, expect, test } from "vitest";
import * as workflow from "./index.ts";

describe("the workflow module outside workflows and steps", () => {
  test("exports", () => {
    expect(Object.keys(workflow).toSorted()).toMatchInlineSnapshot(`
      [
        "FatalError",
        "RetryableError",
        "createHook",
        "createWebhook",
        "defineHook",
        "fetch",
        "getStepMetadata",
        "getWorkflowMetadata",
        "getWritable",
        "sleep",
      ]
    `);
  });

  test.each([
    ["sleep", () => workflow.sleep("1s"), "`sleep()` can only be called inside a workflow function"],
    ["createHook", () => workflow.createHook(), "`createHook()` can only be called inside a workflow function"],
    ["createWebhook", () => workflow.createWebhook(), "`createWebhook()` can only be called inside a workflow function"],
    ["getStepMetadata", () => workflow.getStepMetadata(), "`getStepMetadata()` can only be called inside a step function"],
    ["getWorkflowMetadata", () => workflow.getWorkflowMetadata(), "`getWorkflowMetadata()` can only be called inside a workflow or step function"],
    ["getWritable", () => workflow.getWritable(), "`getWritable()` can only be called inside a workflow or step function"],
    ["defineHook().create", () => workflow.defineHook().create(), "`defineHook().create()` can only be called inside a workflow function"],
  ])("%s throws the documented text", (_name, call, text) => {
    expect(call).toThrow(text);
  });
});
