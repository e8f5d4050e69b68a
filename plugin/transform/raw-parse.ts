/**
 * oxc-parser's raw transfer: the parser writes its AST into a buffer shared with JavaScript, and a generated
 * reader builds the ESTree objects straight from it, with no JSON in between. On a 2,000-line module that is
 * several times cheaper than the JSON route (serialise, hand over a string of about a megabyte, parse it).
 *
 * oxc-parser offers it (`experimentalRawTransfer`) only on Node 22+, because its buffer set-up views a
 * 6 GiB ArrayBuffer through one typed array, longer than Node 20 allows. Node 20 does allocate the buffer;
 * the only whole-buffer view oxc needs is for finding the 4 GiB-aligned offset, and a one-byte view at the
 * same start gives the same address. So the buffer is set up here, with the binding, constants and reader
 * from their package subpaths. Anything missing or refused (an older or newer package layout, no room for
 * the reservation) makes `parseRaw` return undefined and the caller takes the JSON route.
 *
 * The errors are read through oxc's lazy reader, which builds only what is asked for, so a parse made to
 * check syntax builds no program at all; the program is built only when asked for.
 *
 * The two routes build the same program but for one span: a binding with a type annotation (`x: T`,
 * `...rest: T[]`) ends after its name here and after the annotation in the JSON route. The transform reads
 * neither end (raw-parse.test.ts compares the routes on every project file).
 */
import { createRequire } from "node:module";
import type { Node } from "./ast.ts";

/** A parser diagnostic as oxc reports it. */
export interface ParseDiagnostic {
  severity: string;
  message: string;
  labels: Array<{ start: number }>;
}

/** One raw parse: its diagnostics, and its program, built on first call. */
export interface RawParse {
  errors: ParseDiagnostic[];
  program: () => Node;
}

interface RawTransfer {
  parseRawSync: (file: string, block: Uint8Array, sourceStart: number, sourceLength: number, options: object) => void;
  getBufferOffset: (view: Uint8Array) => number;
  deserialize: (buffer: Uint8Array, code: string, sourceStart: number, sourceLength: number) => { program: Node };
  /** oxc's lazy reader of the parse result; only `errors` is read from it. */
  RawTransferData: new (position: number, ast: object) => { errors: Iterable<{ severity: string; message: string; labels: Iterable<{ start: number }> }> };
  token: object;
  constants: { BLOCK_SIZE: number; BLOCK_ALIGN: number; BUFFER_SIZE: number; ACTIVE_SIZE: number; IS_TS_FLAG_POS: number; DATA_POINTER_POS_32: number };
}

/** The buffer the parser writes into, with the views the generated reader expects on it. */
type TransferBuffer = Uint8Array & { int32: Int32Array; float64: Float64Array; block: Uint8Array };

/** How long an idle buffer is kept before its pages are left to the garbage collector. */
const BUFFER_IDLE_MS = 10_000;

let rawTransfer: RawTransfer | undefined | null = null;
let buffer: TransferBuffer | undefined;
/** Counts parses, so a result whose buffer was written over since can tell. */
let generation = 0;
let releaseTimer: ReturnType<typeof setTimeout> | undefined;
const encoder = new TextEncoder();

function loadRawTransfer(): RawTransfer | undefined {
  try {
    const require = createRequire(import.meta.url);
    const binding = require("oxc-parser/src-js/bindings") as Partial<RawTransfer>;
    const constants = require("oxc-parser/src-js/generated/constants") as Partial<RawTransfer["constants"]>;
    const { deserialize } = require("oxc-parser/src-js/generated/deserialize/js") as Partial<RawTransfer>;
    const { RawTransferData } = require("oxc-parser/src-js/generated/lazy/constructors") as Partial<RawTransfer>;
    const { TOKEN: token } = require("oxc-parser/src-js/raw-transfer/lazy-common") as { TOKEN?: object };
    const functions = [binding.parseRawSync, binding.getBufferOffset, deserialize, RawTransferData];
    const numbers = [constants.BLOCK_SIZE, constants.BLOCK_ALIGN, constants.BUFFER_SIZE, constants.ACTIVE_SIZE, constants.IS_TS_FLAG_POS, constants.DATA_POINTER_POS_32];
    if (!functions.every((value) => typeof value === "function") || typeof token !== "object" || !numbers.every((value) => typeof value === "number")) return undefined;
    return { ...(binding as RawTransfer), deserialize: deserialize!, RawTransferData: RawTransferData!, token: token!, constants: constants as RawTransfer["constants"] };
  } catch {
    return undefined;
  }
}

/** A 2 GiB block aligned on 4 GiB inside a 6 GiB reservation (virtual memory: only written pages are used). */
function createBuffer({ constants, getBufferOffset }: RawTransfer): TransferBuffer {
  const memory = new ArrayBuffer(constants.BLOCK_SIZE + constants.BLOCK_ALIGN);
  const offset = getBufferOffset(new Uint8Array(memory, 0, 1));
  const view = new Uint8Array(memory, offset, constants.BUFFER_SIZE) as TransferBuffer;
  view.int32 = new Int32Array(memory, offset, constants.BUFFER_SIZE / 4);
  view.float64 = new Float64Array(memory, offset, constants.BUFFER_SIZE / 8);
  view.block = new Uint8Array(memory, offset, constants.BLOCK_SIZE);
  return view;
}

/**
 * Parses with raw transfer into the JS-shaped ESTree (`astType: "js"` in `options`); undefined when raw
 * transfer is not available here.
 */
export function parseRaw(file: string, code: string, options: { astType: "js" }): RawParse | undefined {
  if (rawTransfer === null) rawTransfer = loadRawTransfer();
  if (rawTransfer === undefined) return undefined;
  const transfer = rawTransfer;
  const { constants } = transfer;
  try {
    buffer ??= createBuffer(transfer);
  } catch {
    rawTransfer = undefined;
    return undefined;
  }
  const target = buffer;
  // Up to three UTF-8 bytes per UTF-16 unit; the source goes at the end of the active region.
  const room = code.length * 3;
  const sourceStart = constants.ACTIVE_SIZE - room;
  if (sourceStart < constants.ACTIVE_SIZE / 2) return undefined;
  // From here the buffer is written over, so earlier results can no longer read their program from it.
  const parsed = ++generation;
  scheduleRelease();
  const { read, written } = encoder.encodeInto(code, new Uint8Array(target.buffer, target.byteOffset + sourceStart, room));
  if (read !== code.length) return undefined;
  transfer.parseRawSync(file, target.block, sourceStart, written, options);
  // The readers are generated for the JS-shaped AST; a TypeScript-shaped one would be misread.
  if (target[constants.IS_TS_FLAG_POS] !== 0) return undefined;
  const ast = { buffer: target, sourceText: code, sourceStartPos: sourceStart, sourceByteLen: written, sourceIsAscii: code.length === written, nodes: new Map(), token: transfer.token };
  const data = new transfer.RawTransferData(target.int32[constants.DATA_POINTER_POS_32], ast);
  const errors = Array.from(data.errors, ({ severity, message, labels }) => ({ severity, message, labels: Array.from(labels, ({ start }) => ({ start })) }));
  let program: Node | undefined;
  return {
    errors,
    // Once another parse has written over the buffer, the module is parsed again.
    program: () => (program ??= parsed === generation ? transfer.deserialize(target, code, sourceStart, written).program : parseRaw(file, code, options)!.program()),
  };
}

function scheduleRelease(): void {
  if (releaseTimer !== undefined) clearTimeout(releaseTimer);
  releaseTimer = setTimeout(() => {
    buffer = undefined;
    releaseTimer = undefined;
  }, BUFFER_IDLE_MS);
  releaseTimer.unref?.();
}
