import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { transformSync } from "esbuild";
import { describe, expect, test } from "vitest";
import { transform, type TransformMode } from "./transform.ts";

type Fn = ((...args: unknown[]) => Promise<unknown>) & Record<string, unknown>;

/** Transforms a fixture, strips types and evaluates it as CommonJS with fake runtime globals. */
function load(fixture: string, mode: TransformMode) {
  const source = readFileSync(fileURLToPath(new URL(`./__fixtures__/${fixture}/input.ts`, import.meta.url)), "utf8");
  const result = transform(source, { id: `/project/workflows/${fixture}.ts`, mode, root: "/project" })!;
  const { code } = transformSync(result.code, { loader: "ts", format: "cjs" });
  const steps = new Map<string, Fn>();
  const workflows = new Map<string, Fn>();
  const stepCalls: Array<{ id: string; args: unknown[] }> = [];
  const exports: Record<string, Fn> = {};
  const context = {
    exports,
    module: { exports },
    crypto,
    require: (specifier: string) => {
      if (specifier === "vite-workflow/internal") return { registerStepFunction: (id: string, fn: Fn) => steps.set(id, fn) };
      return {};
    },
    [Symbol.for("WORKFLOW_USE_STEP")]: (id: string) => async (...args: unknown[]) => {
      stepCalls.push({ id, args });
      return `result of ${id}`;
    },
    [Symbol.for("vite-workflow.registerWorkflow")]: (id: string, fn: Fn) => workflows.set(id, fn),
  };
  runInNewContext(code, context);
  return { exports: (context.module.exports ?? exports) as Record<string, Fn>, steps, workflows, stepCalls };
}

const ID = (kind: string, fixture: string, name: string) => `${kind}//workflows/${fixture}.ts//${name}`;

describe("transformed code at runtime", () => {
  test("step mode registers steps that still run as plain functions", async () => {
    const { exports, steps } = load("step-properties-assigned", "step");
    const flaky = steps.get(ID("step", "step-properties-assigned", "flaky"));
    expect(flaky).toBe(exports.flaky);
    expect(flaky?.maxRetries).toBe(5);
    expect(steps.get(ID("step", "step-properties-assigned", "arrowStep"))?.maxRetries).toBe(0);
    await expect(exports.arrowStep()).resolves.toBe(1);
  });

  test("workflow mode turns steps into callable proxies that keep assigned properties", async () => {
    const { exports, stepCalls } = load("step-properties-assigned", "workflow");
    expect(exports.flaky.maxRetries).toBe(5);
    await expect(exports.flaky("x")).resolves.toBe(`result of ${ID("step", "step-properties-assigned", "flaky")}`);
    expect(stepCalls).toEqual([{ id: ID("step", "step-properties-assigned", "flaky"), args: ["x"] }]);
  });

  test("client and workflow mode mark step functions with their step id, so they can be passed as values", () => {
    const client = load("step-properties-assigned", "client").exports;
    expect(client.flaky.stepId).toBe(ID("step", "step-properties-assigned", "flaky"));
    expect(client.arrowStep.stepId).toBe(ID("step", "step-properties-assigned", "arrowStep"));
    // In workflow mode a declaration becomes a wrapper around the proxy (other forms are the proxy itself).
    expect(load("step-properties-assigned", "workflow").exports.flaky.stepId).toBe(ID("step", "step-properties-assigned", "flaky"));
    const objects = load("step-object-method", "client").exports.helpers as unknown as Record<string, Fn>;
    expect(objects.objectStep.stepId).toBe(ID("step", "step-object-method", "helpers/objectStep"));
    expect(load("step-export-default-anonymous", "client").exports.default.stepId).toBe(ID("step", "step-export-default-anonymous", "default"));
  });

  test("a nested step receives the workflow's variables by value, in workflow and step mode", async () => {
    const workflowBundle = load("nested-step-captures", "workflow");
    const invoice = workflowBundle.workflows.get(ID("workflow", "nested-step-captures", "invoice"));
    expect(invoice?.workflowId).toBe(ID("workflow", "nested-step-captures", "invoice"));
    await invoice!("cus_1");
    expect(workflowBundle.stepCalls).toEqual([
      { id: ID("step", "nested-step-captures", "invoice/priceLine"), args: ["cus_1", 1.2, "EUR", 10, 5] },
    ]);

    const stepHost = load("nested-step-captures", "step");
    const priceLine = stepHost.steps.get(ID("step", "nested-step-captures", "invoice/priceLine"));
    expect(priceLine?.maxRetries).toBe(2);
    await expect(priceLine!("cus_1", 1.2, "EUR", 10, 5)).resolves.toEqual({ customerId: "cus_1", amount: 6, currency: "EUR", total: 10 });
  });

  test("nested object-literal tools get captures in both modes", async () => {
    const stepHost = load("nested-step-object-tools", "step");
    const execute = stepHost.steps.get(ID("step", "nested-step-object-tools", "chat/tools/weather/execute"));
    expect(execute).toBeTypeOf("function");
    expect(execute!.length).toBe(2);
  });

  test("client and step mode: workflows throw a start() hint and carry their id; steps stay callable", async () => {
    for (const mode of ["client", "step"] as const) {
      const { exports } = load("workflow-and-steps-in-one-file", mode);
      const id = ID("workflow", "workflow-and-steps-in-one-file", "processFileWorkflow");
      expect(exports.processFileWorkflow.workflowId).toBe(id);
      await expect(exports.processFileWorkflow("/x")).rejects.toThrow(/start\(\) from "workflow\/api"/);
      await expect(exports.processFileWorkflow("/x")).rejects.toThrow(id);
    }
    const { exports } = load("step-function-declaration", "client");
    await expect(exports.run()).resolves.toMatchObject({ email: "a@b.c" });
  });

  test("anonymous default-export workflows get the same id and a usable function in every mode", async () => {
    const id = ID("workflow", "workflow-export-default-anonymous", "default");
    const client = load("workflow-export-default-anonymous", "client");
    expect(client.exports.default.workflowId).toBe(id);
    const sandbox = load("workflow-export-default-anonymous", "workflow");
    await expect(sandbox.workflows.get(id)!("u")).resolves.toBe("u");
  });
});
