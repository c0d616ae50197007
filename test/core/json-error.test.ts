import { describe, expect, it } from "vitest";
import { describeJsonError } from "../../src/_internal/json-error.ts";
import { parseJson } from "../../src/_internal/json-body.ts";

// Expected texts were produced by CPython 3.11's `json.loads`, the reference's parser, so the
// `JSON decode error: ...` details match MHCS and are identical on every JavaScript engine.
const PYTHON_MESSAGES: Array<[string, string]> = [
  ["", "Expecting value: line 1 column 1 (char 0)"],
  ["   ", "Expecting value: line 1 column 4 (char 3)"],
  ["{invalid json}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"],
  ["{\"a\":1,}", "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"],
  ["[1,2,]", "Expecting value: line 1 column 6 (char 5)"],
  ["{\"a\" 1}", "Expecting ':' delimiter: line 1 column 6 (char 5)"],
  ["{\"a\":1 \"b\":2}", "Expecting ',' delimiter: line 1 column 8 (char 7)"],
  ["[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"],
  ["\"abc", "Unterminated string starting at: line 1 column 1 (char 0)"],
  ["{\"a\":\"x\ny\"}", "Invalid control character at: line 1 column 8 (char 7)"],
  ["{\"a\":\"\\q\"}", "Invalid \\escape: line 1 column 7 (char 6)"],
  ["{\"a\":\"\\u12G4\"}", "Invalid \\uXXXX escape: line 1 column 8 (char 7)"],
  ["{\"a\":1}x", "Extra data: line 1 column 8 (char 7)"],
  ["nul", "Expecting value: line 1 column 1 (char 0)"],
  ["not json", "Expecting value: line 1 column 1 (char 0)"],
  ["{\"a\":\n  tru}", "Expecting value: line 2 column 3 (char 8)"],
  ["\n\n  [1,\n  }", "Expecting value: line 4 column 3 (char 10)"],
  ["-", "Expecting value: line 1 column 1 (char 0)"],
  ["01", "Extra data: line 1 column 2 (char 1)"],
  ["{\"requestType\": NEW_SESSION}", "Expecting value: line 1 column 17 (char 16)"],
];

describe("JSON decode error messages", () => {
  it.each(PYTHON_MESSAGES)("%j -> %s", (text, message) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(describeJsonError(text)).toBe(message);
    expect(parseJson(text)).toEqual({ ok: false, message });
  });

  it("valid JSON still parses", () => {
    expect(parseJson('{"a":[1,2,{"b":null}]}')).toEqual({ ok: true, value: { a: [1, 2, { b: null }] } });
  });
});
