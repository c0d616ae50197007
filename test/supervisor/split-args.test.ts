import { describe, expect, it } from "vitest";
import { quoteForLog, splitArgs } from "../../supervisor/split-args.ts";

describe("STANDARD_NPM_ARGS splitting", () => {
  it.each([
    ["", []],
    ["  --ignore-scripts   --loglevel=warn ", ["--ignore-scripts", "--loglevel=warn"]],
    ["--registry 'https://x.example/a b'", ["--registry", "https://x.example/a b"]],
    [`--tag "say \\"hi\\" \\$HOME \\\\"`, ["--tag", 'say "hi" $HOME \\']],
    ["a\\ b c''d \"\"", ["a b", "cd", ""]],
    ["$HOME * `id` ~", ["$HOME", "*", "`id`", "~"]],
    ["it's", null],
    ["it's\\'", ["its\\"]],
  ])("splits %j", (input, expected) => {
    if (expected === null) expect(() => splitArgs(input)).toThrow(/no closing quotation/);
    else expect(splitArgs(input)).toEqual(expected);
  });

  it("rejects unclosed double quotes and a trailing backslash", () => {
    expect(() => splitArgs('--registry "https://unclosed-quote')).toThrow('no closing quotation (")');
    expect(() => splitArgs("abc\\")).toThrow(/trailing backslash/);
  });

  it("quotes log lines so they split back to the same argv", () => {
    const argv = ["vllm", "serve", '{"a": "b c"}', "it's", "", "100%"];
    expect(splitArgs(quoteForLog(argv))).toEqual(argv);
  });
});
