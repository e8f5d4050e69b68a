import type { Node } from "./ast.ts";

const LITERAL_TYPES = new Set(["Literal", "TemplateLiteral"]);

/**
 * Finds `name.key = <literal>` statements in the block that declares a nested step, so step mode (where
 * the workflow body does not run) can attach the same properties to the registered function.
 */
export function nestedStepProperties(code: string, fn: Node, ancestors: Node[]): string[] {
  let name: string | undefined;
  let block: Node | undefined;
  if (fn.type === "FunctionDeclaration") {
    name = fn.id?.name;
    block = ancestors.at(-1);
  } else if (ancestors.at(-1)?.type === "VariableDeclarator" && ancestors.at(-1)!.id.type === "Identifier") {
    name = ancestors.at(-1)!.id.name;
    block = ancestors.at(-3);
  }
  if (!name || block?.type !== "BlockStatement") return [];
  const properties: string[] = [];
  for (const statement of block.body) {
    const assignment = statement.type === "ExpressionStatement" ? statement.expression : undefined;
    if (assignment?.type !== "AssignmentExpression" || assignment.operator !== "=") continue;
    const { left, right } = assignment;
    const value = right.type === "UnaryExpression" ? right.argument : right;
    if (left.type !== "MemberExpression" || left.computed || left.object.type !== "Identifier" || left.object.name !== name) continue;
    if (!LITERAL_TYPES.has(value.type) || (value.type === "TemplateLiteral" && value.expressions.length > 0)) continue;
    properties.push(`${left.property.name}: ${code.slice(right.start, right.end)}`);
  }
  return properties;
}
