// The customer's code in the model artifact (model.tar.gz -> /opt/ml/model). Its dependencies are listed in
// package.json next to it and installed by standard-supervisor before the server starts.
// The library itself resolves from the image (see the Dockerfile's /node_modules link), not from package.json.
import { HttpError } from "model-hosting-container-standards";
import { countWords } from "word-count";

export async function custom_sagemaker_invocation_handler(request) {
  const body = await request.json().catch(() => ({}));
  if (typeof body?.prompt !== "string") throw new HttpError(400, "prompt is required");
  const prompt = body.prompt;
  return { model: "word-count", words: countWords(prompt) };
}
