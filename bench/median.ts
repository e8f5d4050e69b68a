/** Median of `values` (the upper middle one for an even count): the figure every bench row reports. */
export function median(values: number[]): number {
  return values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
}
