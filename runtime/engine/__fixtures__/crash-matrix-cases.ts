// The crash matrix: workflow shapes × kill points. Every shape calls a first step `a`, has its feature, then
// an inner step `b` (the second step to complete) and a last step `z`.

/** A workflow of `crash-matrix.ts` and what its run must return. */
export interface Shape {
  name: string;
  workflow: string;
  args(sideFile: string, token: string): unknown[];
  result: string;
  /** Steps run concurrently: which of them a kill interrupts depends on timing, so only the rule is asserted. */
  concurrent?: boolean;
  /** The test process resumes hook `token` with this payload once it exists. */
  hookPayload?: { n: number };
  /** Chunks the run's stream must hold, in order. */
  chunks?: string[];
  /** Kill points of this shape on top of the common ones. */
  points?: KillPoint[];
}

/** Where worker 1 kills itself, and which steps' attempts that cuts short. */
export interface KillPoint {
  name: string;
  env(shape: Shape): Record<string, string>;
  /** Kill env of a second worker, which dies too before a third one completes the run (a crash during recovery). */
  thenKill?: Record<string, string>;
  /**
   * Steps whose attempt a kill cut short, one entry per cut attempt (each adds an attempt; every other step has
   * exactly one); for concurrent shapes, a subset.
   */
  interrupted: string[];
  /**
   * Resume the hook as soon as `getHookByToken` finds it, as a client polling for it would. Otherwise the test
   * waits for the hook's `hook_created` in the log first, which keeps clear of the race the hook case below names.
   */
  resumeEagerly?: boolean;
  /** The engine bug this case uncovers: the case is expected to fail until it is fixed. */
  knownBug?: string;
}

const CHUNKS = 20;

/** Kill env that makes the inner step die mid-body (the stream writer after its chunk 7). */
const killInInnerStep = (shape: Shape): Record<string, string> => (shape.chunks ? { WF_KILL_AFTER_CHUNK: "7" } : { WF_KILL_IN_STEP: "b" });

const COMMON_POINTS: KillPoint[] = [
  { name: "before run_started is written", env: () => ({ WF_KILL: "before:run_started:1" }), interrupted: [] },
  { name: "after the first step's start is durable", env: () => ({ WF_KILL: "after:run_started:1" }), interrupted: ["a"] },
  { name: "inside the inner step", env: killInInnerStep, interrupted: ["b"] },
  { name: "before the inner step's completion is written", env: () => ({ WF_KILL: "before:step_completed:2" }), interrupted: ["b"] },
  { name: "after the inner step's completion is durable", env: () => ({ WF_KILL: "after:step_completed:2" }), interrupted: ["z"] },
  { name: "before run_completed is written", env: () => ({ WF_KILL: "before:run_completed:1" }), interrupted: ["z"] },
  {
    name: "inside the inner step, then again before run_completed is written",
    env: killInInnerStep,
    thenKill: { WF_KILL: "before:run_completed:1" },
    interrupted: ["b", "z"],
  },
];

/** The shapes, each with its kill points. */
export const SHAPES: Shape[] = [
  { name: "sequential steps", workflow: "sequential", args: (side) => [side], result: "a1,b2,z3" },
  { name: "parallel steps", workflow: "parallel", args: (side) => [side], result: "a1,p010,b11,p212,z3", concurrent: true },
  {
    name: "a sleep",
    workflow: "sleeper",
    args: (side) => [side, 150],
    result: "a1,true,b2,z3",
    points: [
      { name: "before wait_created is written", env: () => ({ WF_KILL: "before:wait_created:1" }), interrupted: ["a"] },
      { name: "after wait_created is durable", env: () => ({ WF_KILL: "after:wait_created:1" }), interrupted: [] },
      { name: "before wait_completed is written", env: () => ({ WF_KILL: "before:wait_completed:1" }), interrupted: [] },
      { name: "after wait_completed is durable", env: () => ({ WF_KILL: "after:wait_completed:1" }), interrupted: ["b"] },
    ],
  },
  {
    name: "a hook",
    workflow: "hooked",
    args: (side, token) => [side, token],
    result: "a1,b7,z3",
    hookPayload: { n: 7 },
    points: [
      {
        name: "before hook_created is written",
        env: () => ({ WF_KILL: "before:hook_created:1" }),
        interrupted: ["a"],
        resumeEagerly: true,
      },
      { name: "after hook_created is durable", env: () => ({ WF_KILL: "after:hook_created:1" }), interrupted: [] },
    ],
  },
  {
    name: "a stream written by a step",
    workflow: "streamed",
    args: (side) => [side, CHUNKS],
    result: `a1,b${CHUNKS},z3`,
    chunks: Array.from({ length: CHUNKS }, (_, i) => `chunk-${i}`),
    points: [
      { name: "before stream_opened is written", env: () => ({ WF_KILL: "before:stream_opened:1" }), interrupted: ["b"] },
      { name: "after stream_opened is durable", env: () => ({ WF_KILL: "after:stream_opened:1" }), interrupted: ["b"] },
    ],
  },
];

/** Every (shape, kill point) pair. */
export function matrixCases(): Array<{ shape: Shape; point: KillPoint }> {
  return SHAPES.flatMap((shape) => [...COMMON_POINTS, ...(shape.points ?? [])].map((point) => ({ shape, point })));
}
