/**
 * Where and why `text` is not JSON, in the words of Python's `json` module ("Expecting value: line 1
 * column 1 (char 0)"): the reference's detail texts, and the same bytes on every JavaScript engine,
 * whose own `JSON.parse` messages all differ. Runs only after `JSON.parse` has failed.
 */
export function describeJsonError(text: string): string {
  try {
    let index = value(text, skipSpace(text, 0));
    index = skipSpace(text, index);
    if (index !== text.length) fail("Extra data", index);
  } catch (error) {
    if (error instanceof JsonSyntax) return `${error.reason}: ${position(text, error.index)}`;
    throw error;
  }
  return `Expecting value: ${position(text, 0)}`;
}

class JsonSyntax {
  readonly reason: string;
  readonly index: number;

  constructor(reason: string, index: number) {
    this.reason = reason;
    this.index = index;
  }
}

function fail(reason: string, index: number): never {
  throw new JsonSyntax(reason, index);
}

function position(text: string, index: number): string {
  const lineStart = text.lastIndexOf("\n", index - 1);
  const line = text.slice(0, index).split("\n").length;
  const column = lineStart === -1 ? index + 1 : index - lineStart;
  return `line ${line} column ${column} (char ${index})`;
}

function skipSpace(text: string, index: number): number {
  while (index < text.length && " \t\n\r".includes(text[index] as string)) index++;
  return index;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const LITERALS = ["null", "true", "false"];

/** Index just past the value starting at `index`. */
function value(text: string, index: number): number {
  const char = text[index];
  if (char === "{") return object(text, index + 1);
  if (char === "[") return array(text, index + 1);
  if (char === '"') return string(text, index);
  for (const literal of LITERALS) if (text.startsWith(literal, index)) return index + literal.length;
  NUMBER.lastIndex = index;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  return fail("Expecting value", index);
}

function object(text: string, index: number): number {
  index = skipSpace(text, index);
  if (text[index] === "}") return index + 1;
  for (;;) {
    if (text[index] !== '"') fail("Expecting property name enclosed in double quotes", index);
    index = skipSpace(text, string(text, index));
    if (text[index] !== ":") fail("Expecting ':' delimiter", index);
    index = skipSpace(text, value(text, skipSpace(text, index + 1)));
    if (text[index] === "}") return index + 1;
    if (text[index] !== ",") fail("Expecting ',' delimiter", index);
    index = skipSpace(text, index + 1);
  }
}

function array(text: string, index: number): number {
  index = skipSpace(text, index);
  if (text[index] === "]") return index + 1;
  for (;;) {
    index = skipSpace(text, value(text, index));
    if (text[index] === "]") return index + 1;
    if (text[index] !== ",") fail("Expecting ',' delimiter", index);
    index = skipSpace(text, index + 1);
  }
}

const ESCAPES = '"\\/bfnrt';

function string(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === '"') return index + 1;
    if (char.charCodeAt(0) < 0x20) fail("Invalid control character at", index);
    if (char === "\\") {
      const escape = text[index + 1];
      if (escape === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) fail("Invalid \\uXXXX escape", index + 1);
        index += 6;
        continue;
      }
      if (escape === undefined || !ESCAPES.includes(escape)) fail("Invalid \\escape", index);
      index += 2;
      continue;
    }
    index++;
  }
  return fail("Unterminated string starting at", start);
}
