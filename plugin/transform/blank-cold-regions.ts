/**
 * Shrinks what the parser has to hand to JavaScript: the inside of every `{ ... }` that the analysis cannot
 * learn anything from is replaced by spaces (line breaks kept, so every offset stays the same).
 *
 * A region is "cold" when it holds no directive-like string, no `this` / `arguments` / `super` (which a step
 * body may not use), no local `type` / `interface` declaration, and every mention of an imported name in it
 * is certainly a read (those reads are returned, so import pruning still sees them). A function body is
 * blanked after its directive prologue, so `async function f() { "use step"; ...body }` keeps only its
 * directive. Braces directly in an `import` / `export` statement are never blanked.
 *
 * This is a token scanner, not a parser: when it meets something it cannot classify for certain it returns
 * undefined and the caller parses the source as written. The caller also checks the original source for
 * syntax errors and falls back when the blanked source does not parse.
 */
import { classifyDirective } from "./directive-names.ts";

/** The source with cold regions blanked, and the import reads those regions held (name → offsets). */
export interface BlankedSource {
  code: string;
  references: Map<string, number[]>;
}

interface Frame {
  /** Where blanking would start: after `{` and any prologue strings. */
  regionStart: number;
  /** Holds something the analysis needs (so neither it nor any frame around it is blanked). */
  hot: boolean;
  /** Its prologue has a directive: the frames around it are hot, its own region may still be blanked. */
  directivePrologue: boolean;
  /** A `${` of a template literal, or braces that must stay (import/export lists). */
  keep: boolean;
  template: boolean;
  /** Import reads in the frame (null until the first: most frames have none). */
  reads: Array<[string, number]> | null;
}

const STEP_BODY_WORDS = new Set(["this", "arguments", "super"]);
/** Keywords after which `/` starts a regular expression and a name is an expression being read. */
const EXPRESSION_KEYWORDS = new Set(["await", "return", "throw", "new", "yield", "void", "delete", "in", "of", "case", "do", "else", "instanceof"]);
/** Punctuation after which a name is certainly an expression operand (types never follow these). */
const READ_AFTER = new Set(["(", "=", "!", "+", "-", "*", "%", ";", "{", "}", "?", "~", "^"]);
/** Words that start a TypeScript declaration when a name follows them. */
const TYPE_DECLARATION_WORDS = new Set(["type", "interface", "enum", "namespace"]);

const ASCII_WORD_CHARS = new Uint8Array(128);
for (const char of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$") ASCII_WORD_CHARS[char.charCodeAt(0)] = 1;
// Past the end `charCodeAt` gives NaN, which is neither.
const isWordChar = (c: number) => (c < 128 ? ASCII_WORD_CHARS[c] === 1 : c > 127);
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029;

/** Every word the scanner acts on, besides imported names. */
const NOTABLE_WORDS = [...STEP_BODY_WORDS, ...EXPRESSION_KEYWORDS, ...TYPE_DECLARATION_WORDS, "import", "export"];
/** Stands for a word that is none of the notable ones (never equal to a real word: it is not one). */
const OTHER_WORD = "\0";

/** Flags each (first character, length) pair a notable word has, so other words can be passed over without a copy. */
function notableShapes(importNames: ReadonlySet<string>): Uint8Array {
  const shapes = new Uint8Array(128 * 32);
  for (const word of [...NOTABLE_WORDS, ...importNames]) {
    const first = word.charCodeAt(0);
    if (first < 128) shapes[first * 32 + Math.min(word.length, 31)] = 1;
  }
  return shapes;
}

const classified = new Map<string, boolean>();
/** True for a string literal's raw text that is a directive or a near miss of one (escapes: assume so). */
function isDirectiveLike(raw: string): boolean {
  if (raw.includes("\\")) return true;
  let result = classified.get(raw);
  if (result === undefined) {
    result = classifyDirective(raw) !== null;
    if (classified.size < 10_000) classified.set(raw, result);
  }
  return result;
}

class Unsure extends Error {}

/** Returns undefined when the scanner is not sure about the source; see the file comment. */
export function blankColdRegions(code: string, importNames: ReadonlySet<string>): BlankedSource | undefined {
  try {
    return scan(code, importNames);
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
}

function scan(code: string, importNames: ReadonlySet<string>): BlankedSource {
  const length = code.length;
  const notable = notableShapes(importNames);
  const mayBeNotable = (first: number, size: number) => first > 127 || notable[first * 32 + Math.min(size, 31)] === 1;
  const frames: Frame[] = [];
  const blanked: Array<[number, number]> = [];
  const references = new Map<string, number[]>();
  // The last significant token: its last character's offset, and the word when it was one (null otherwise;
  // "" after a string, template or regular expression). `lastMember` when that word was a property name.
  let lastAt = -1;
  let lastWord: string | null = null;
  let lastMember = false;
  let index = code.startsWith("#!") ? code.indexOf("\n") + 1 || length : 0;

  const prevChar = () => (lastAt >= 0 ? code[lastAt] : "");
  const markHot = () => {
    if (frames.length > 0) frames[frames.length - 1].hot = true;
  };

  /** Skips spaces and comments from `at`; returns the next offset that is neither. */
  const skipTrivia = (at: number): number => {
    while (at < length) {
      const c = code.charCodeAt(at);
      if (isSpace(c)) at++;
      else if (c === 47 && code.charCodeAt(at + 1) === 47) {
        const end = code.indexOf("\n", at);
        at = end === -1 ? length : end;
      } else if (c === 47 && code.charCodeAt(at + 1) === 42) {
        const end = code.indexOf("*/", at + 2);
        if (end === -1) throw new Unsure();
        at = end + 2;
      } else break;
    }
    return at;
  };

  /** Returns the offset after a quoted string starting at `at`. */
  const skipString = (at: number): number => {
    const quote = code[at];
    for (let i = at + 1; i < length; i++) {
      const c = code[i];
      if (c === "\\") i++;
      else if (c === quote) return i + 1;
      else if (c === "\n") break;
    }
    throw new Unsure();
  };

  /** Scans template text from `at` (just after `` ` `` or a closing `}`): returns the offset after it ends or after `${`. */
  const scanTemplate = (at: number): number => {
    for (let i = at; i < length; i++) {
      const c = code[i];
      if (c === "\\") i++;
      else if (c === "`") return i + 1;
      else if (c === "$" && code[i + 1] === "{") {
        frames.push({ regionStart: i + 2, hot: false, directivePrologue: false, keep: true, template: true, reads: null });
        return i + 2;
      }
    }
    throw new Unsure();
  };

  const skipRegExp = (at: number): number => {
    let inClass = false;
    for (let i = at + 1; i < length; i++) {
      const c = code[i];
      if (c === "\\") i++;
      else if (c === "\n") break;
      else if (c === "[") inClass = true;
      else if (c === "]") inClass = false;
      else if (c === "/" && !inClass) {
        let end = i + 1;
        while (end < length && isWordChar(code.charCodeAt(end))) end++;
        return end;
      }
    }
    throw new Unsure();
  };

  /** After `{` at `open`: skips its directive prologue (string statements) and returns where the region starts. */
  const openBlock = (open: number): void => {
    const keep = frames.length === 0 && (prevChar() === "," || lastWord === "import" || lastWord === "export" || lastWord === "type");
    const frame: Frame = { regionStart: open + 1, hot: false, directivePrologue: false, keep, template: false, reads: null };
    let at = skipTrivia(open + 1);
    while (code[at] === '"' || code[at] === "'") {
      const end = skipString(at);
      let after = end;
      while (code[after] === " " || code[after] === "\t") after++;
      const next = code[after];
      let statementEnd: number;
      if (next === ";") statementEnd = after + 1;
      else if (next === "}") statementEnd = end;
      else if (next === "\n" || next === "\r") {
        const following = skipTrivia(after);
        if (!(isWordChar(code.charCodeAt(following)) || code[following] === '"' || code[following] === "'" || code[following] === "}")) break;
        statementEnd = end;
      } else break;
      if (isDirectiveLike(code.slice(at + 1, end - 1))) frame.directivePrologue = true;
      frame.regionStart = statementEnd;
      at = skipTrivia(statementEnd);
    }
    frames.push(frame);
    index = frame.regionStart;
    lastAt = open;
    lastWord = null;
  };

  const closeBlock = (close: number): void => {
    const frame = frames.pop();
    if (frame === undefined) throw new Unsure();
    const parent = frames.at(-1);
    if (frame.hot || frame.directivePrologue) {
      if (parent) parent.hot = true;
    }
    if (!frame.hot && !frame.keep && !frame.template) {
      if (close > frame.regionStart) blanked.push([frame.regionStart, close]);
      for (const [name, offset] of frame.reads ?? []) {
        let offsets = references.get(name);
        if (offsets === undefined) references.set(name, (offsets = []));
        offsets.push(offset);
      }
    } else if (parent && !frame.hot) {
      if (frame.reads !== null) (parent.reads ??= []).push(...frame.reads);
    }
  };

  /** An imported name inside a frame: a certain read, certainly not one (a property name), or unsure. */
  const noteImportName = (name: string, at: number, end: number): void => {
    const frame = frames.at(-1);
    if (frame === undefined) return;
    const before = prevChar();
    const next = code[skipTrivia(end)];
    const afterWordIsRead = lastWord !== null && !lastMember && EXPRESSION_KEYWORDS.has(lastWord);
    const afterPunctuationIsRead =
      lastWord === null &&
      (READ_AFTER.has(before) ||
        (before === "." && code[lastAt - 1] === ".") ||
        ((before === "&" || before === "|") && code[lastAt - 1] === before));
    // At a statement or member start (`{ db }`, `{ db() {} }`, `class { db = 1 }`) a name may be a property
    // key; only `name.` is certainly a read there. `*name(` is a generator method's key.
    const memberStart = lastWord === null && (before === "{" || before === "}" || before === ";");
    const keyPosition = (memberStart && next !== ".") || (before === "*" && next === "(");
    if (next !== ":" && next !== "?" && !keyPosition && (afterWordIsRead || afterPunctuationIsRead)) (frame.reads ??= []).push([name, at]);
    else frame.hot = true;
  };

  while (index < length) {
    const c = code.charCodeAt(index);
    if (isSpace(c)) {
      index++;
      continue;
    }
    const char = code[index];
    if (char === "/" && (code[index + 1] === "/" || code[index + 1] === "*")) {
      index = skipTrivia(index);
      continue;
    }
    if (isWordChar(c)) {
      let end = index + 1;
      while (end < length && isWordChar(code.charCodeAt(end))) end++;
      // Most words are none of the ones the scanner looks at; those are not copied out of the source.
      const word = mayBeNotable(c, end - index) ? code.slice(index, end) : OTHER_WORD;
      const member = lastWord === null && prevChar() === "." && code[lastAt - 1] !== ".";
      if (!member && word !== OTHER_WORD) {
        if (STEP_BODY_WORDS.has(word)) markHot();
        else if (importNames.has(word)) noteImportName(word, index, end);
        else if (TYPE_DECLARATION_WORDS.has(word) && frames.length > 0 && isWordChar(code.charCodeAt(skipTrivia(end)))) markHot();
      }
      lastAt = end - 1;
      lastWord = word;
      lastMember = member;
      index = end;
      continue;
    }
    if (char === '"' || char === "'") {
      const end = skipString(index);
      if (isDirectiveLike(code.slice(index + 1, end - 1))) markHot();
      lastAt = end - 1;
      lastWord = "";
      index = end;
      continue;
    }
    if (char === "`") {
      index = scanTemplate(index + 1);
      lastAt = index - 1;
      lastWord = "";
      continue;
    }
    if (char === "{") {
      openBlock(index);
      continue;
    }
    if (char === "}") {
      const frame = frames.at(-1);
      closeBlock(index);
      if (frame?.template) {
        index = scanTemplate(index + 1);
        lastAt = index - 1;
        lastWord = "";
      } else {
        lastAt = index;
        lastWord = null;
        index++;
      }
      continue;
    }
    if (char === "/") {
      const before = prevChar();
      const regExp = lastWord !== null ? !lastMember && EXPRESSION_KEYWORDS.has(lastWord) : before !== ")" && before !== "]";
      if (regExp) {
        index = skipRegExp(index);
        lastAt = index - 1;
        lastWord = "";
        continue;
      }
    }
    lastAt = index;
    lastWord = null;
    index++;
  }
  if (frames.length > 0) throw new Unsure();
  if (blanked.length === 0) return { code, references };
  return { code: fill(code, blanked), references };
}

/** Replaces every character of the ranges except line breaks with a space. */
function fill(code: string, ranges: Array<[number, number]>): string {
  ranges.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let cursor = 0;
  for (const [start, end] of ranges) {
    if (end <= cursor) continue;
    parts.push(code.slice(cursor, Math.max(start, cursor)));
    let at = Math.max(start, cursor);
    for (let newline = code.indexOf("\n", at); newline !== -1 && newline < end; newline = code.indexOf("\n", at)) {
      const lineEnd = code.charCodeAt(newline - 1) === 13 && newline - 1 >= at ? newline - 1 : newline;
      parts.push(spaces(lineEnd - at), code.slice(lineEnd, newline + 1));
      at = newline + 1;
    }
    parts.push(spaces(end - at));
    cursor = end;
  }
  parts.push(code.slice(cursor));
  return parts.join("");
}

const SPACES = " ".repeat(256);
function spaces(count: number): string {
  return count <= SPACES.length ? SPACES.slice(0, count) : " ".repeat(count);
}
