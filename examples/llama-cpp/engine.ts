/**
 * The llama.cpp engine: loads the model (model-host.ts) and answers a parsed request (formats.ts) as JSON
 * or as server-sent events. Sessions keep their conversation in this process; their KV cache stays in
 * whichever context sequence served them last (see model-host.ts for how a sequence is chosen).
 */
import { HttpError } from "model-hosting-container-standards";
import type { SessionInfo } from "model-hosting-container-standards";
import { getLlama, LlamaLogLevel, NoBinaryFoundError, resolveChatWrapper } from "node-llama-cpp";
import type { ChatHistoryItem, ChatWrapper, Llama, LlamaContextSequence, Token } from "node-llama-cpp";
import { renderAnswer, renderChunk, usageOf } from "./formats.ts";
import type { ChatMessage, ParsedRequest } from "./formats.ts";
import { generate } from "./generate.ts";
import type { GenerationResult } from "./generate.ts";
import { loadModelHost, ModelHostError } from "./model-host.ts";
import type { Lease, ModelHost } from "./model-host.ts";
import type { LlamaOptions } from "./options.ts";

/** How often expired sessions' conversations and KV caches are freed without waiting for a request. */
const SWEEP_INTERVAL_MS = 60_000;

export interface InvokeOptions {
  adapter: string | null;
  signal?: AbortSignal;
  session?: SessionInfo;
}

export interface LlamaEngine {
  readonly host: ModelHost;
  readonly modelName: string;
  invoke(request: ParsedRequest, options: InvokeOptions): Promise<Response | object>;
  /** A session was opened: its conversation starts empty. */
  sessionOpened(id: string, expiresAt: Date): void;
  /** A session was closed: its conversation and its sequence's KV cache are dropped. */
  sessionClosed(id: string): void;
  /** The compute backend, pool, adapter and token counters, for /health (and the tests that watch generation stop). */
  stats(): Record<string, number | string | false>;
  close(): Promise<void>;
}

/** Maps the host's errors onto HTTP; anything else stays a 500. */
export function asHttpError(error: unknown): unknown {
  return error instanceof ModelHostError ? new HttpError(error.status, error.message) : error;
}

export async function getCpuOrGpuLlama(options: Pick<LlamaOptions, "gpu">): Promise<Llama> {
  try {
    // Prebuilt binaries only: nothing is built or downloaded at run time.
    return await getLlama({ gpu: options.gpu, build: "never", skipDownload: true, progressLogs: false, logLevel: LlamaLogLevel.error });
  } catch (error) {
    // node-llama-cpp's own message is the bare class name.
    if (!(error instanceof NoBinaryFoundError) || options.gpu === false) throw error;
    // "auto" falls back to the CPU build, so only that one can be missing then.
    const prebuilt = options.gpu === "auto" ? "linux-x64" : `linux-x64-${options.gpu}`;
    const needs =
      options.gpu === "cuda" ? ", with the CUDA 13 runtime it links (libcudart.so.13, libcublas.so.13), or linux-x64-cuda-ext with CUDA 12 (README.md, GPU)" : "";
    throw new Error(`LLAMA_GPU=${options.gpu}: no llama.cpp binary for it loads here: install node-llama-cpp's @node-llama-cpp/${prebuilt} prebuilt${needs}`);
  }
}

export async function startLlamaEngine(options: LlamaOptions, llama?: Llama): Promise<LlamaEngine> {
  const modelName = options.modelName;
  const streamInterval = options.streamInterval;
  llama ??= await getCpuOrGpuLlama(options);
  const gpu = llama.gpu;
  const host = await loadModelHost(llama, options.modelFile, {
    contexts: options.contexts,
    threadsPerContext: Math.max(1, Math.floor(options.threads / options.contexts)),
    ...(options.contextSize === undefined ? {} : { contextSize: options.contextSize }),
    gpuLayers: options.gpu === false ? 0 : "auto",
    ...(options.adapterCacheBytes === undefined ? {} : { adapterCacheBytes: options.adapterCacheBytes }),
  });
  const chatWrapper: ChatWrapper = resolveChatWrapper(host.model);
  const sequenceOwners = new Map<LlamaContextSequence, string>();
  // Each session's conversation so far (what a follow-up request does not resend). In process: the
  // supervisor runs one server process, and the KV cache it pairs with lives in this process anyway.
  const conversations = new Map<string, { messages: ChatMessage[]; expiresAt: number }>();
  /** Drops a session's conversation, and its KV cache when no other request has used that sequence since. */
  const forgetSession = (id: string): void => {
    conversations.delete(id);
    for (const [sequence, owner] of sequenceOwners) {
      if (owner !== id) continue;
      sequenceOwners.delete(sequence);
      if (!sequence.disposed) host.forget(sequence);
    }
  };
  const dropExpired = (now: number): void => {
    for (const [id, entry] of conversations) if (entry.expiresAt <= now) forgetSession(id);
    // Sequences of contexts rebound or reloaded since are gone: nothing to forget there.
    for (const sequence of sequenceOwners.keys()) if (sequence.disposed) sequenceOwners.delete(sequence);
  };
  const sweeper = setInterval(() => dropExpired(Date.now()), SWEEP_INTERVAL_MS);
  sweeper.unref();
  let counter = 0;
  let generatedTokens = 0;
  let abortedGenerations = 0;
  /** Socket writes of streamed answers (the number LLAMA_STREAM_INTERVAL lowers). */
  let streamWrites = 0;

  function chatTokens(messages: ChatMessage[]): Token[] {
    const history: ChatHistoryItem[] = messages.map((message) =>
      message.role === "assistant"
        ? { type: "model", response: [message.content] }
        : message.role === "system"
          ? { type: "system", text: message.content }
          : { type: "user", text: message.content },
    );
    history.push({ type: "model", response: [] });
    return chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(host.model.tokenizer);
  }

  function textTokens(text: string): Token[] {
    const tokens = host.model.tokenize(text);
    const bos = host.model.tokens.bos;
    return bos !== null && host.model.tokens.shouldPrependBosToken ? [bos, ...tokens] : tokens;
  }

  /** Everything that can fail with a 4xx happens here, before a stream starts. */
  async function prepare(request: ParsedRequest, options: InvokeOptions): Promise<{ prompt: Token[]; conversation: ChatMessage[]; lease: Lease }> {
    let conversation = request.messages;
    if (options.session && request.kind === "chat") {
      dropExpired(Date.now());
      const known = conversations.get(options.session.id);
      // The store outlived this process (a restart): answering without the conversation would be wrong.
      if (!known) throw new HttpError(424, `conversation of session ${options.session.id} was lost (the server restarted): open a new session`);
      const previous = known.messages;
      conversation = [...previous, ...request.messages];
    }
    // The model is reloaded now and then to free adapters (model-host.ts): tokenize with the live one.
    await host.settled();
    const prompt = request.kind === "chat" ? chatTokens(conversation) : textTokens(request.prompt);
    if (prompt.length >= host.contextSize) {
      throw new HttpError(400, `the prompt has ${prompt.length} tokens; a context holds ${host.contextSize} (LLAMA_CONTEXT_SIZE)`);
    }
    const lease = await host.acquire(options.adapter, prompt, options.signal).catch((error: unknown) => {
      // Hung up while waiting for a context: nobody reads the answer, and it is no server error.
      if (options.signal?.aborted) throw new HttpError(499, "client closed the request while it waited for a context");
      throw asHttpError(error);
    });
    return { prompt, conversation, lease };
  }

  async function run(
    prepared: { prompt: Token[]; lease: Lease },
    request: ParsedRequest,
    options: InvokeOptions,
    onText: (text: string) => void | Promise<void>,
  ): Promise<GenerationResult> {
    const { lease } = prepared;
    try {
      const result = await generate(host.model, lease.sequence, prepared.prompt, request.sampling, options.signal, onText);
      generatedTokens += result.completionTokens;
      if (result.aborted) abortedGenerations++;
      // Whose conversation this sequence's KV cache now holds, so that CLOSE can drop it.
      if (options.session) sequenceOwners.set(lease.sequence, options.session.id);
      else sequenceOwners.delete(lease.sequence);
      return result;
    } finally {
      lease.release();
    }
  }

  function remember(options: InvokeOptions, request: ParsedRequest, conversation: ChatMessage[], text: string): void {
    if (!options.session || request.kind !== "chat") return;
    const messages: ChatMessage[] = [...conversation, { role: "assistant", content: text }];
    conversations.set(options.session.id, { messages, expiresAt: options.session.expiresAt.getTime() });
  }

  // On a GPU, one token before the engine counts as started: a CUDA build whose kernels this driver cannot
  // compile (README.md, "GPU") loads the model, and would pass /ping and then abort the process at the first
  // request. CPU kernels are in the binary, and a context made now would add ~30 ms to a multi-model load.
  if (gpu !== false) {
    try {
      const warmUpPrompt = textTokens("Hello");
      const warmUpLease = await host.acquire(null, warmUpPrompt);
      try {
        await generate(host.model, warmUpLease.sequence, warmUpPrompt, { maxTokens: 1, temperature: 0, stop: [] }, undefined, () => {});
        // No request may find this prompt in the cache (`cached_tokens`).
        await warmUpLease.sequence.clearHistory();
      } finally {
        warmUpLease.release();
      }
    } catch (error) {
      // A multi-model endpoint goes on serving its other models: give this one's memory back.
      clearInterval(sweeper);
      await host.dispose();
      throw error;
    }
  }

  return {
    host,
    modelName,

    async invoke(request, options) {
      const head = {
        id: `${request.kind === "chat" ? "chatcmpl" : "cmpl"}-${Date.now().toString(36)}${(++counter).toString(36)}`,
        created: Math.floor(Date.now() / 1000),
        model: options.adapter ?? modelName,
      };
      const prepared = await prepare(request, options);
      if (!request.stream) {
        const result = await run(prepared, request, options, () => {});
        if (result.aborted) return new Response(null, { status: 499 });
        remember(options, request, prepared.conversation, result.text);
        const usage = usageOf(result.promptTokens, result.completionTokens, result.cachedTokens);
        return renderAnswer(request.kind, { ...head, text: result.text, finishReason: result.finishReason, usage }) as object;
      }

      // Streaming: the client hanging up cancels the body and aborts the signal; either stops the loop.
      const hangUp = new AbortController();
      const signal = options.signal ? AbortSignal.any([options.signal, hangUp.signal]) : hangUp.signal;
      const encoder = new TextEncoder();
      let started: (value: unknown) => void = () => {};
      const firstByte = new Promise((resolve) => (started = resolve));
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          // Events are written once per event-loop turn (or every LLAMA_STREAM_INTERVAL tokens), after the
          // next token's decode has started: a write between two tokens would otherwise hold the engine up
          // for as long as the write takes.
          let pending = "";
          let flushQueued = false;
          let unwrittenTokens = 0;
          const flush = (): void => {
            flushQueued = false;
            if (pending !== "" && !hangUp.signal.aborted) {
              controller.enqueue(encoder.encode(pending));
              streamWrites++;
            }
            pending = "";
          };
          const send = (text: string): void => {
            if (!flushQueued) {
              flushQueued = true;
              setImmediate(flush);
            }
            pending += text;
          };
          // The first event is what a streaming client waits for: written at once, and generation waits a
          // turn so that it reaches the socket before the next token's work (0.5 ms sooner here).
          let firstSent = false;
          const sendToken = (text: string): Promise<void> | void => {
            if (firstSent) {
              if (++unwrittenTokens < streamInterval) {
                pending += text;
                return;
              }
              unwrittenTokens = 0;
              return send(text);
            }
            firstSent = true;
            pending += text;
            flush();
            return new Promise((resolve) => setImmediate(resolve));
          };
          run(prepared, request, { ...options, signal }, (text) => sendToken(renderChunk(request.kind, head, text, null))).then(
            (result) => {
              if (result.aborted) return;
              remember(options, request, prepared.conversation, result.text);
              send(renderChunk(request.kind, head, undefined, result.finishReason, usageOf(result.promptTokens, result.completionTokens, result.cachedTokens)));
              send("data: [DONE]\n\n");
              flush();
              controller.close();
            },
            (error: unknown) => {
              if (hangUp.signal.aborted) return;
              const detail = error instanceof HttpError ? error.detail : "Internal Server Error";
              if (!(error instanceof HttpError)) console.error("llama.cpp generation failed:", error);
              send(`data: ${JSON.stringify({ error: { message: detail } })}\n\n`);
              flush();
              controller.close();
            },
          );
          started(undefined);
        },
        cancel() {
          hangUp.abort();
        },
      });
      await firstByte;
      return new Response(body, {
        headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no" },
      });
    },

    sessionOpened(id, expiresAt) {
      dropExpired(Date.now());
      conversations.set(id, { messages: [], expiresAt: expiresAt.getTime() });
    },

    sessionClosed: forgetSession,

    stats: () => ({ gpu, ...host.stats(), generatedTokens, abortedGenerations, streamWrites, sessions: conversations.size, rssBytes: process.memoryUsage.rss() }),

    async close() {
      clearInterval(sweeper);
      await host.dispose();
    },
  };
}
