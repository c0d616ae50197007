/**
 * Incremental detokenization, as vLLM and Hugging Face's streamers do it: each new token is detokenized
 * with the few tokens before it, and the new text is what that adds to the same window without it. Cost
 * per token stays constant; detokenizing the whole output at every token made a generation quadratic in
 * its length. A window starts at a token boundary the tokenizer already produced text for, so leading-space
 * rules apply to both texts alike and cancel out.
 */
import type { LlamaModel, Token } from "node-llama-cpp";

const REPLACEMENT_CHARACTER = "\uFFFD";

export class Detokenizer {
  readonly #model: LlamaModel;
  readonly #tokens: Token[] = [];
  /** Where the window starts: its tokens' text is already part of `text`. */
  #prefixOffset = 0;
  /** Tokens before this one have produced their text. */
  #readOffset = 0;
  #text = "";

  constructor(model: LlamaModel) {
    this.#model = model;
  }

  /** The text of every token whose text is complete; a character split across tokens waits for its last byte. */
  get text(): string {
    return this.#text;
  }

  get tokenCount(): number {
    return this.#tokens.length;
  }

  /** Adds a token and returns the text it completes ("" while a multi-byte character is still partial). */
  push(token: Token): string {
    this.#tokens.push(token);
    return this.#emit(false);
  }

  /** Everything still held back (a partial character at the end of the output), as the tokenizer renders it. */
  flush(): string {
    return this.#readOffset === this.#tokens.length ? "" : this.#emit(true);
  }

  /** The text the tokens since `readOffset` add to the window; unless `final`, nothing while it ends in a partial character. */
  #emit(final: boolean): string {
    const before = this.#model.detokenize(this.#tokens.slice(this.#prefixOffset, this.#readOffset));
    const after = this.#model.detokenize(this.#tokens.slice(this.#prefixOffset));
    if (!final && (after.endsWith(REPLACEMENT_CHARACTER) || after.length <= before.length)) return "";
    const added = after.startsWith(before) ? after.slice(before.length) : this.#resync();
    this.#text += added;
    this.#prefixOffset = this.#readOffset;
    this.#readOffset = this.#tokens.length;
    return added;
  }

  /** A tokenizer whose window text is not a prefix of the longer one: fall back to the whole output once. */
  #resync(): string {
    const whole = this.#model.detokenize(this.#tokens);
    return whole.startsWith(this.#text) ? whole.slice(this.#text.length) : "";
  }
}
