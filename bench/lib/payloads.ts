/** A JSON object of about `bytes` bytes when serialised, shaped like an inference request. */
export function jsonBody(bytes: number): string {
  const base = { model: "bench", max_tokens: 16, temperature: 0.2, prompt: "" };
  const overhead = JSON.stringify(base).length;
  const text = "The quick brown fox jumps over the lazy dog. ".repeat(Math.ceil(bytes / 45) + 1);
  return JSON.stringify({ ...base, prompt: text.slice(0, Math.max(0, bytes - overhead)) });
}

export const KB = 1000;
export const MB = 1000 * 1000;
