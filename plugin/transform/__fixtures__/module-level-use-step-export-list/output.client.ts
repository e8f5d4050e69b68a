

async function first(value: number) {
  return value;
} first.stepId = "step//workflows/module-level-use-step-export-list.ts//first";

const second = async (value: number) => value * 2; second.stepId = "step//workflows/module-level-use-step-export-list.ts//second";

export { first, second as double };
