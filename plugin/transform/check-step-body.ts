import { isReferenceIdentifier, walk, type Node } from "./ast.ts";
import { TRANSFORM_ERROR_CODES } from "./diagnostics.ts";

/** A use of `this`, `arguments` or `super` that a step could not honour once called by id. */
export interface StepBodyProblem {
  code: (typeof TRANSFORM_ERROR_CODES)["STEP_THIS" | "STEP_ARGUMENTS" | "STEP_SUPER"];
  what: "this" | "arguments" | "super";
  offset: number;
}

/**
 * Finds `this`, `arguments` and `super` in a step body. Steps are called by id with serialized arguments,
 * so there is no receiver, no home object and `arguments` would not match the declared parameters.
 * Nested non-arrow functions and classes rebind all three, so they are not searched.
 */
export function checkStepBody(fn: Node): StepBodyProblem | undefined {
  let problem: StepBodyProblem | undefined;
  walk(fn, (node, parent, key) => {
    if (problem) return false;
    if (node === fn) return;
    if (node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ClassBody") {
      return false;
    }
    if (node.type === "ThisExpression") {
      problem = { code: TRANSFORM_ERROR_CODES.STEP_THIS, what: "this", offset: node.start };
    } else if (node.type === "Super") {
      problem = { code: TRANSFORM_ERROR_CODES.STEP_SUPER, what: "super", offset: node.start };
    } else if (node.type === "Identifier" && node.name === "arguments" && isReferenceIdentifier(parent, key)) {
      problem = { code: TRANSFORM_ERROR_CODES.STEP_ARGUMENTS, what: "arguments", offset: node.start };
    }
  });
  return problem;
}
