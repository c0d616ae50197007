/**
 * The engine's own HTTP API, an itty-router app passed to the library as `fallback`: every path the
 * library does not own lands here. OpenAI-compatible routes take the same bodies as /invocations.
 */
import { HttpError } from "model-hosting-container-standards";
import { Router } from "itty-router";
import type { IRequest } from "itty-router";
import { asHttpError } from "./engine.ts";
import type { LlamaEngine } from "./engine.ts";
import type { LlamaModels } from "./multi-model.ts";
import { parseRequest, readJsonBody } from "./formats.ts";
import type { LlamaOptions } from "./options.ts";

const json = (body: unknown, status = 200): Response => Response.json(body, { status });

/** The engines the routes serve: the one model served alone, or the models of a multi-model endpoint. */
export interface EngineSet {
  /** The model served alone; undefined on a multi-model endpoint. */
  readonly single?: LlamaEngine;
  /** Every engine with its model name. */
  all(): Array<[string, LlamaEngine]>;
  /** A session was opened or closed (the session manager answered): every model follows. */
  sessionOpened(id: string, expiresAt: Date): void;
  sessionClosed(id: string): void;
  /** The engine and adapter a body's `model` selects; undefined when nothing matches. */
  pick(model: string | undefined): { engine: LlamaEngine; adapter: string | null } | undefined;
}

/** One model: `model` names an adapter (as in vLLM) or the base model; anything else runs on the base model. */
export function singleEngine(engine: LlamaEngine): EngineSet {
  return {
    single: engine,
    all: () => [[engine.modelName, engine]],
    sessionOpened: (id, expiresAt) => engine.sessionOpened(id, expiresAt),
    sessionClosed: (id) => engine.sessionClosed(id),
    pick: (model) => ({ engine, adapter: model !== undefined && engine.host.hasAdapter(model) ? model : null }),
  };
}

/** Multi-model: `model` names a loaded model, or an adapter loaded on one of them. */
export function loadedEngines(models: LlamaModels): EngineSet {
  const engines = models.engines;
  return {
    all: () => [...engines],
    sessionOpened: (id, expiresAt) => models.sessionOpened(id, expiresAt),
    sessionClosed: (id) => models.sessionClosed(id),
    pick(model) {
      if (model === undefined) return undefined;
      const engine = engines.get(model);
      if (engine) return { engine, adapter: null };
      for (const candidate of engines.values()) if (candidate.host.hasAdapter(model)) return { engine: candidate, adapter: model };
      return undefined;
    },
  };
}

export function engineRoutes(engines: EngineSet, options: Pick<LlamaOptions, "maxTokens">): (request: Request) => Promise<Response> {
  const openAi = (kind: "chat" | "completion") => async (request: IRequest) => {
    const parsed = parseRequest(await readJsonBody(request), options.maxTokens, kind);
    const picked = engines.pick(parsed.model);
    if (!picked) throw new HttpError(404, parsed.model === undefined ? "model is required: this endpoint serves several models" : `model not loaded: ${parsed.model}`);
    const answer = await picked.engine.invoke(parsed, { adapter: picked.adapter, signal: request.signal });
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
    .get("/health", () => {
      if (engines.single) return json({ status: "ok", ...engines.single.stats() });
      return json({ status: "ok", models: Object.fromEntries(engines.all().map(([name, engine]) => [name, engine.stats()])), rssBytes: process.memoryUsage.rss() });
    })
    .get("/v1/models", () =>
      json({
        object: "list",
        data: engines.all().flatMap(([name, engine]) => [name, ...engine.host.adapterNames()]).map((id) => ({ id, object: "model", owned_by: "llama.cpp" })),
      }),
    )
    .post("/v1/chat/completions", openAi("chat"))
    .post("/v1/completions", openAi("completion"))
    .all("*", () => json({ detail: "Not Found" }, 404));
  return (request) => router.fetch(request) as Promise<Response>;
}
