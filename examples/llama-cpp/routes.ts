/**
 * The engine's own HTTP API, an itty-router app passed to the library as `fallback`: every path the
 * library does not own lands here. OpenAI-compatible routes take the same bodies as /invocations.
 */
import { HttpError } from "model-hosting-container-standards";
import { Router } from "itty-router";
import type { IRequest } from "itty-router";
import { asHttpError } from "./engine.ts";
import type { LlamaEngine } from "./engine.ts";
import { parseRequest, readJsonBody } from "./formats.ts";
import type { LlamaOptions } from "./options.ts";

const json = (body: unknown, status = 200): Response => Response.json(body, { status });

export function engineRoutes(engine: LlamaEngine, options: Pick<LlamaOptions, "maxTokens">): (request: Request) => Promise<Response> {
  const openAi = (kind: "chat" | "completion") => async (request: IRequest) => {
    const parsed = parseRequest(await readJsonBody(request), options.maxTokens, kind);
    // `model` names an adapter (as in vLLM) or the base model; anything else runs on the base model.
    const adapter = parsed.model !== undefined && engine.host.hasAdapter(parsed.model) ? parsed.model : null;
    const answer = await engine.invoke(parsed, { adapter, signal: request.signal });
    return answer instanceof Response ? answer : json(answer);
  };

  const router = Router({
    catch: (error: unknown) => {
      const mapped = asHttpError(error);
      if (mapped instanceof HttpError) return json({ detail: mapped.detail }, mapped.status);
      console.error("llama.cpp route failed:", error);
      return json({ detail: "Internal Server Error" }, 500);
    },
  });
  router
    .get("/health", () => json({ status: "ok", ...engine.stats() }))
    .get("/v1/models", () =>
      json({
        object: "list",
        data: [engine.modelName, ...engine.host.adapterNames()].map((id) => ({ id, object: "model", owned_by: "llama.cpp" })),
      }),
    )
    .post("/v1/chat/completions", openAi("chat"))
    .post("/v1/completions", openAi("completion"))
    .all("*", () => json({ detail: "Not Found" }, 404));
  return (request) => router.fetch(request) as Promise<Response>;
}
