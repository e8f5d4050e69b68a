import type { Floors } from "./floor.ts";

/** An upstream figure from the table, measured on the same machine through the same routes. */
export interface UpstreamFigure {
  /** Short name of the upstream version, e.g. `4.8.9`. */
  label: string;
  value: number;
}

/** How a row compares: to the durable-write floor of its world, and to upstream figures. */
export interface Comparison {
  /** Which floor the figure is bound by. */
  floor: keyof Floors;
  /**
   * Durable writes the case must make one after another (`n + 1` for `seq(n)`: its start, then one per
   * step; 1 for a parallel batch); the floor of an ms figure is this many floors. Steps/s figures compare their time per step.
   */
  writes?: number;
  upstream?: UpstreamFigure[];
}

/** Upstream figures of issue #13 (filesystem/local world) and of issue #11 (PostgreSQL world). */
export const UPSTREAM = {
  seq100: [{ label: "4.8.9", value: 3004 }, { label: "5.0β", value: 1143 }],
  seq1000: [{ label: "5.0β", value: 18_600 }],
  par100: [{ label: "4.8.9", value: 8148 }, { label: "5.0β", value: 8252 }],
  throughput: [{ label: "4.8.9", value: 71 }, { label: "5.0β", value: 87 }],
  stream: [{ label: "4.8.9", value: 1147 }, { label: "5.0β", value: 42 }],
  hookRegistered: [{ label: "4.8.9", value: 1222 }, { label: "5.0β", value: 86 }],
} satisfies Record<string, UpstreamFigure[]>;

export const UPSTREAM_POSTGRES = {
  seq100: [{ label: "5.0β pg", value: 7700 }],
  par100: [{ label: "5.0β pg", value: 5000 }],
  throughput: [{ label: "5.0β pg", value: 20 }],
  stream: [{ label: "5.0β pg", value: 1330 }],
  hookRegistered: [{ label: "5.0β pg", value: 98 }],
} satisfies Record<string, UpstreamFigure[]>;

const ratio = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(1));

/**
 * The `compared` cell of a row: `<n>× floor` (the figure over the floor of its writes; for steps/s, the
 * time per step over one floor) and, per upstream figure, how many times faster (or slower) this one is.
 */
export function compareCell(value: number, unit: string, comparison: Comparison | undefined, floors: Floors): string {
  if (!comparison || !Number.isFinite(value) || value <= 0) return "";
  const higherIsBetter = unit === "steps/s";
  const parts: string[] = [];
  const floor = floors[comparison.floor];
  if (floor !== undefined && floor > 0) {
    const perWrite = higherIsBetter ? 1000 / value : value / (comparison.writes ?? 1);
    parts.push(`${ratio(perWrite / floor)}× floor`);
  }
  for (const { label, value: theirs } of comparison.upstream ?? []) {
    const faster = higherIsBetter ? value / theirs : theirs / value;
    parts.push(faster >= 1 ? `${ratio(faster)}× faster than ${label}` : `${ratio(1 / faster)}× slower than ${label}`);
  }
  return parts.join(" · ");
}

/** The same case's figure on another target (the dev server's rows carry the production server's). */
export interface RelativeFigure {
  /** The other target's name, e.g. `prod`. */
  label: string;
  value: number;
}

/**
 * How much more time this figure takes than `relative` (`12% slower than prod`, `5% faster than prod`,
 * `as fast as prod`); a steps/s figure compares its time per step. Empty for other units and missing figures.
 */
export function relativeCell(value: number, unit: string, relative: RelativeFigure | undefined): string {
  if (!relative || (unit !== "ms" && unit !== "steps/s")) return "";
  if (!(value > 0 && Number.isFinite(value) && relative.value > 0 && Number.isFinite(relative.value))) return "";
  const timeRatio = unit === "steps/s" ? relative.value / value : value / relative.value;
  const percent = Math.round((timeRatio - 1) * 100);
  if (percent === 0) return `as fast as ${relative.label}`;
  return percent > 0 ? `${percent}% slower than ${relative.label}` : `${-percent}% faster than ${relative.label}`;
}
