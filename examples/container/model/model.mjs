// The customer's code in the model artifact (model.tar.gz -> /opt/ml/model). Its dependencies are listed in
// package.json next to it and installed by standard-supervisor before the server starts.
import { countWords } from "word-count";

export async function custom_sagemaker_invocation_handler(request) {
  const body = await request.json().catch(() => ({}));
  const prompt = typeof body.prompt === "string" ? body.prompt : "";
  return { model: "word-count", words: countWords(prompt) };
}
