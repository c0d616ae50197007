/**
 * The token loop: reuse the sequence's cached prefix, evaluate the rest of the prompt, then sample until
 * an end-of-generation token, a stop string, `maxTokens` or the abort signal (checked after every token,
 * so a client that hangs up stops generation within a token).
 */
import type { LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp";
import { Detokenizer } from "./detokenizer.ts";

export interface Sampling {
  maxTokens: number;
  temperature: number;
  topP?: number;
  topK?: number;
  seed?: number;
  stop: string[];
  /** vLLM's and SGLang's `ignore_eos`: generate past end-of-generation tokens up to the limit (fixed-length runs for benchmarks). */
  ignoreEos?: boolean;
}

export type FinishReason = "stop" | "length";

export interface GenerationResult {
  text: string;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  finishReason: FinishReason;
  aborted: boolean;
}

/** Longest tail of `text` that could still grow into one of `stops`: held back from the stream until it can't. */
function heldBack(text: string, stops: string[]): number {
  let hold = 0;
  for (const stop of stops) {
    for (let length = Math.min(stop.length - 1, text.length); length > hold; length--) {
      if (text.endsWith(stop.slice(0, length))) {
        hold = length;
        break;
      }
    }
  }
  return hold;
}

/** Where the first stop string starts in `text`, searching only where one could newly complete; -1 if none. */
function firstStop(text: string, stops: string[], sent: number): number {
  let first = -1;
  for (const stop of stops) {
    const index = text.indexOf(stop, Math.max(0, sent - stop.length));
    if (index >= 0 && (first < 0 || index < first)) first = index;
  }
  return first;
}

/**
 * Generates on `sequence`, calling `onText` with each new piece of text as soon as it is final (and
 * waiting for it when it returns a promise).
 * The sequence keeps the prompt and the answer in its KV cache for the next request that shares them.
 */
export async function generate(
  model: LlamaModel,
  sequence: LlamaContextSequence,
  prompt: Token[],
  sampling: Sampling,
  signal: AbortSignal | undefined,
  onText: (text: string) => void | Promise<void>,
): Promise<GenerationResult> {
  if (prompt.length === 0) prompt = [...model.tokenize(" ")];
  const room = sequence.contextSize - prompt.length;
  // Keep what the cache already holds of this prompt; at least one token is evaluated for fresh logits.
  await sequence.adaptStateToTokens(prompt.slice(0, -1), false);
  const cachedTokens = sequence.nextTokenIndex;
  const maxTokens = Math.max(0, Math.min(sampling.maxTokens, room));
  const detokenizer = new Detokenizer(model);
  let text = "";
  let sent = 0;
  let finishReason: FinishReason = "length";
  let stoppedByString = false;
  let aborted = signal?.aborted ?? false;

  if (maxTokens > 0 && !aborted) {
    const tokens = sequence.evaluate(prompt.slice(cachedTokens), {
      temperature: sampling.temperature,
      // Hand end-of-generation tokens to the loop below, which ends with "stop" on them.
      yieldEogToken: true,
      ...(sampling.topP === undefined ? {} : { topP: sampling.topP }),
      ...(sampling.topK === undefined ? {} : { topK: sampling.topK }),
      ...(sampling.seed === undefined ? {} : { seed: sampling.seed }),
    });
    for await (const token of tokens) {
      if (model.isEogToken(token) && sampling.ignoreEos !== true) {
        finishReason = "stop";
        break;
      }
      // A multi-byte character split across tokens adds nothing until its last byte arrives.
      if (detokenizer.push(token) !== "") {
        text = detokenizer.text;
        const stopAt = firstStop(text, sampling.stop, sent);
        if (stopAt >= 0) {
          text = text.slice(0, stopAt);
          finishReason = "stop";
          stoppedByString = true;
        }
        const end = stoppedByString ? text.length : text.length - heldBack(text, sampling.stop);
        if (end > sent) {
          const written = onText(text.slice(sent, end));
          sent = end;
          if (written) await written;
        }
      }
      if (stoppedByString) break;
      if (signal?.aborted) {
        aborted = true;
        break;
      }
      if (detokenizer.tokenCount >= maxTokens) break;
    }
  }
  if (!aborted && !stoppedByString) {
    detokenizer.flush();
    text = detokenizer.text;
    if (sent < text.length) onText(text.slice(sent));
  }
  return { text, promptTokens: prompt.length, cachedTokens, completionTokens: detokenizer.tokenCount, finishReason, aborted };
}
