import { describe, expect, it } from "vitest";
import { exceedsJsonDepth, MAX_JSON_DEPTH, parseJson } from "../../src/_internal/json-body.ts";

const nested = (open: string, close: string, depth: number): string => open.repeat(depth) + close.repeat(depth);
const TOO_DEEP = { ok: false, message: `JSON nests deeper than ${MAX_JSON_DEPTH} levels` };

describe("the JSON depth limit", () => {
  it("allows MAX_JSON_DEPTH levels and refuses one more, for arrays and objects", () => {
    expect(parseJson(nested("[", "]", MAX_JSON_DEPTH)).ok).toBe(true);
    expect(parseJson(nested("[", "]", MAX_JSON_DEPTH + 1))).toEqual(TOO_DEEP);
    expect(parseJson(`${'{"a":'.repeat(MAX_JSON_DEPTH)}1${"}".repeat(MAX_JSON_DEPTH)}`).ok).toBe(true);
    expect(parseJson(`${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${"}".repeat(MAX_JSON_DEPTH + 1)}`)).toEqual(TOO_DEEP);
  });

  it("counts arrays and objects together: neither alone is past the limit, their nesting is", () => {
    const half = Math.ceil((MAX_JSON_DEPTH + 1) / 2);
    const mixed = `${'[{"a":'.repeat(half)}1${"}]".repeat(half)}`;
    expect(exceedsJsonDepth(mixed)).toBe(true);
    expect(parseJson(mixed)).toEqual(TOO_DEEP);
  });

  it("many brackets side by side are not depth", () => {
    const wide = `[${Array(MAX_JSON_DEPTH * 3).fill("[{}]").join(",")}]`;
    expect(exceedsJsonDepth(wide)).toBe(false);
    expect(parseJson(wide).ok).toBe(true);
  });

  it("brackets inside strings are not depth, escaped quotes included", () => {
    const inString = JSON.stringify({ text: `\\"${"[".repeat(MAX_JSON_DEPTH * 2)}` });
    expect(exceedsJsonDepth(inString)).toBe(false);
    expect(parseJson(inString).ok).toBe(true);
  });

  it("an unclosed run of brackets is refused as too deep, not parsed", () => {
    expect(exceedsJsonDepth("[".repeat(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(parseJson("[".repeat(MAX_JSON_DEPTH))).toEqual({ ok: false, message: expect.stringMatching(/^Expecting value/) });
  });
});
