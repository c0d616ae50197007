/**
 * The llama.cpp example's incremental detokenizer, on the real tokenizer of a generated model: the pieces
 * it hands out add up to what detokenizing the whole output gives, a character split across byte tokens
 * comes out whole, and each token costs a window of a few tokens, not the whole output so far.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLlamaDependencies, makeTinyModels } from "./_llama.ts";
import type { TinyModels } from "./_llama.ts";

type Model = Awaited<ReturnType<Awaited<ReturnType<typeof import("../../../examples/llama-cpp/engine.ts").getCpuOrGpuLlama>>["loadModel"]>>;
type DetokenizerClass = typeof import("../../../examples/llama-cpp/detokenizer.ts").Detokenizer;
type Tokens = Parameters<Model["detokenize"]>[0];

let models: TinyModels;
let model: Model;
let Detokenizer: DetokenizerClass;

beforeAll(async () => {
  ensureLlamaDependencies();
  models = makeTinyModels();
  // Imported only once installed: node-llama-cpp lives in the example's own node_modules.
  const { getCpuOrGpuLlama } = await import("../../../examples/llama-cpp/engine.ts");
  ({ Detokenizer } = await import("../../../examples/llama-cpp/detokenizer.ts"));
  model = await (await getCpuOrGpuLlama({ gpu: false })).loadModel({ modelPath: models.modelFile, gpuLayers: 0 });
}, 120_000);

afterAll(async () => {
  await model?.dispose();
  models?.remove();
});

/** Streams `tokens` through a detokenizer: the pieces, in order, and what each push returned. */
function stream(tokens: Tokens, subject: Model = model) {
  const detokenizer = new Detokenizer(subject);
  const pieces = tokens.map((token) => detokenizer.push(token));
  pieces.push(detokenizer.flush());
  return { pieces, text: detokenizer.text, count: detokenizer.tokenCount };
}

/** A deterministic generator, so that a failure names a sequence that can be replayed. */
function randomTokens(seed: number, length: number, from: number, span: number): Tokens {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7f_ff_ff_ff;
    return state / 0x7f_ff_ff_ff;
  };
  return Array.from({ length }, () => from + Math.floor(next() * span)) as unknown as Tokens;
}

describe("llama.cpp example: incremental detokenization", () => {
  it.each(["SageMaker says hello hello", " a leading space", "héllo wörld, 日本語 and 🎉 in one line", "a\nb\n\n  c", "ÿ€𝄞"])(
    "adds up to the whole output's text: %j",
    (text) => {
      const tokens = [...model.tokenize(text)];
      const streamed = stream(tokens);
      expect(streamed.pieces.join("")).toBe(model.detokenize(tokens));
      expect(streamed.text).toBe(model.detokenize(tokens));
      expect(streamed.count).toBe(tokens.length);
    },
  );

  it("adds up on random sequences over the whole vocabulary, special tokens included", () => {
    const vocabulary = 577;
    for (let seed = 1; seed <= 400; seed++) {
      const tokens = randomTokens(seed, 1 + (seed % 40), 0, vocabulary);
      expect(stream(tokens).pieces.join(""), `seed ${seed}`).toBe(model.detokenize(tokens));
    }
  });

  it("holds back a character split across byte tokens until its last byte", () => {
    const tokens = [...model.tokenize("🎉")];
    // The tiny vocabulary has no emoji piece: the character arrives as four byte tokens.
    expect(tokens.length).toBeGreaterThan(1);
    const { pieces } = stream(tokens);
    expect(pieces.slice(0, -1).filter((piece) => piece !== "")).toEqual(["🎉"]);
    expect(pieces.at(-2)).toBe("🎉");
    expect(pieces.join("")).not.toContain("\uFFFD");
  });

  it("hands a byte sequence that never completes a character to flush(), as the tokenizer renders it", () => {
    for (let seed = 1; seed <= 300; seed++) {
      // Byte tokens only (ids 3 to 258): most sequences hold invalid or cut-off UTF-8.
      const tokens = randomTokens(seed, 1 + (seed % 12), 3, 256);
      expect(stream(tokens).pieces.join(""), `seed ${seed}`).toBe(model.detokenize(tokens));
    }
  });

  it("detokenizes a constant window per token, however long the output", () => {
    const tokens = [...model.tokenize("SageMaker says hello to the sea and the shore ".repeat(60))];
    expect(tokens.length).toBeGreaterThan(500);
    let detokenized = 0;
    const counting = new Proxy(model, {
      get(target, property) {
        if (property !== "detokenize") return Reflect.get(target, property, target) as unknown;
        return (input: Tokens, ...rest: [boolean?, Tokens?]) => {
          detokenized += input.length;
          return target.detokenize(input, ...rest);
        };
      },
    });
    expect(stream(tokens, counting).pieces.join("")).toBe(model.detokenize(tokens));
    // Detokenizing the output so far at every token would be about tokens² / 2 (over 125,000 here).
    expect(detokenized).toBeLessThan(tokens.length * 4);
  });
});
