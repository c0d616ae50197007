/**
 * One GGUF model in memory, with a pool of llama.cpp contexts over it and the LoRA adapters loaded on it.
 * Reusable on its own: `loadModelHost(llama, file, settings)` -> a handle; the HTTP layer (engine.ts) and
 * the hosting modes build on it.
 *
 * node-llama-cpp applies LoRA per context, not per sequence, so each context ("slot") is bound to the base
 * model or to one adapter. The pool holds at most `contexts` slots, base and adapters together; a request
 * takes the idle slot of its adapter whose cached tokens share the longest prefix with its prompt (so a
 * session's next turn finds its KV cache), else creates a slot, else rebinds the least recently used idle
 * one. Waiters are served first come, first served.
 */
import { realpath, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp";

export interface ModelHostSettings {
  /** Contexts kept at once, base and adapters together. */
  contexts: number;
  /** Threads of each context. */
  threadsPerContext: number;
  /** Tokens per context; undefined: the model's training size, at most 4096. */
  contextSize?: number;
  /** Layers on the GPU ("auto" when a GPU is used, 0 on CPU). */
  gpuLayers?: "auto" | number;
  /**
   * node-llama-cpp keeps every adapter file it ever loaded until the model is disposed. When the adapters
   * held that way but no longer loaded reach this many bytes, the model is reloaded once idle (default 256 MiB).
   */
  adapterCacheBytes?: number;
}

/** A request-level error: `status` is the HTTP status to answer (400, 404, 409). */
export class ModelHostError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

interface Slot {
  context: LlamaContext | undefined;
  sequence: LlamaContextSequence | undefined;
  adapter: string | null;
  busy: boolean;
  lastUsed: number;
  forgetOnRelease: boolean;
}

interface Waiter {
  adapter: string | null;
  prompt: readonly Token[];
  resolve(lease: Lease): void;
  reject(error: unknown): void;
}

export interface Lease {
  readonly sequence: LlamaContextSequence;
  readonly adapter: string | null;
  /** Gives the slot back; call exactly once, after the last token. */
  release(): void;
}

interface AdapterEntry {
  file: string;
  bytes: number;
  identity: string;
}

/** How node-llama-cpp's per-model adapter cache is keyed (the resolved path) and what it holds there. */
interface CachedAdapterFile {
  identity: string;
  bytes: number;
}

export interface ModelHost {
  readonly file: string;
  readonly model: LlamaModel;
  readonly contextSize: number;
  /** Resolves once no model reload is pending or running (`model` is then the live one). */
  settled(): Promise<void>;
  /** A context sequence for `adapter` (null: the base model), once one is free. */
  acquire(adapter: string | null, prompt: readonly Token[], signal?: AbortSignal): Promise<Lease>;
  loadAdapter(name: string, src: string): Promise<void>;
  /** Frees the adapter's contexts; false when it was not loaded. */
  unloadAdapter(name: string): Promise<boolean>;
  hasAdapter(name: string): boolean;
  /** Drops the KV cache a sequence holds (a closed session's), now or when its request ends. */
  forget(sequence: LlamaContextSequence): void;
  adapterNames(): string[];
  /** What the pool holds now, for /health and the memory test. */
  stats(): { slots: number; busy: number; waiting: number; adapters: number; cachedAdapterFiles: number; modelReloads: number; gpuLayers: number };
  dispose(): Promise<void>;
}

/** The first `*.gguf` by name in a directory, or the file itself. */
async function ggufFileOf(src: string): Promise<string> {
  const info = await stat(src).catch(() => undefined);
  if (!info) throw new ModelHostError(400, `adapter source not found: ${src}`);
  if (info.isFile()) return realpath(src);
  const gguf = (await readdir(src)).filter((name) => name.toLowerCase().endsWith(".gguf")).sort()[0];
  if (!gguf) throw new ModelHostError(400, `no *.gguf adapter file in ${src}`);
  return realpath(join(src, gguf));
}

export async function loadModelFile(llama: Llama, file: string, gpuLayers: "auto" | number | undefined): Promise<LlamaModel> {
  try {
    return await llama.loadModel({ modelPath: file, ...(gpuLayers === undefined ? {} : { gpuLayers }) });
  } catch (error) {
    throw new Error(`cannot load model file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function loadModelHost(llama: Llama, file: string, settings: ModelHostSettings): Promise<ModelHost> {
  let model = await loadModelFile(llama, file, settings.gpuLayers);
  const contextSize = settings.contextSize ?? Math.min(model.trainContextSize, 4096);
  const adapterCacheBytes = settings.adapterCacheBytes ?? 256 * 1024 * 1024;
  const slots: Slot[] = [];
  const waiters: Waiter[] = [];
  const adapters = new Map<string, AdapterEntry>();
  const cachedFiles = new Map<string, CachedAdapterFile>();
  let reloadPending = false;
  let reloading: Promise<void> | undefined;
  let modelReloads = 0;
  // Adapter probes under way: a reload waits for them as for busy slots.
  let probes = 0;
  let disposed = false;
  let clock = 0;

  const createContext = (adapterFile: string | undefined, size = contextSize) =>
    model.createContext({
      contextSize: size,
      sequences: 1,
      threads: settings.threadsPerContext,
      ...(adapterFile ? { lora: { adapters: [{ filePath: adapterFile }] } } : {}),
    });

  async function bind(slot: Slot, adapter: string | null): Promise<void> {
    const old = slot.context;
    slot.context = undefined;
    slot.sequence = undefined;
    slot.adapter = adapter;
    await old?.dispose();
    const entry = adapter === null ? undefined : adapters.get(adapter);
    if (adapter !== null && !entry) throw new ModelHostError(404, `adapter not loaded: ${adapter}`);
    slot.context = await createContext(entry?.file);
    slot.sequence = slot.context.getSequence();
  }

  function leaseOf(slot: Slot): Lease {
    let released = false;
    return {
      sequence: slot.sequence as LlamaContextSequence,
      adapter: slot.adapter,
      release() {
        if (released) return;
        released = true;
        slot.busy = false;
        slot.lastUsed = ++clock;
        if (slot.forgetOnRelease) forgetSlot(slot);
        // An adapter unloaded while this slot served it: its context goes now.
        if (slot.adapter !== null && !adapters.has(slot.adapter)) void unbind(slot);
        pump();
      },
    };
  }

  function forgetSlot(slot: Slot): void {
    slot.forgetOnRelease = false;
    // First in line for reuse, and nothing left to match a prompt against.
    slot.lastUsed = 0;
    const sequence = slot.sequence;
    if (!sequence) return;
    slot.busy = true;
    void sequence.clearHistory().finally(() => {
      slot.busy = false;
      pump();
    });
  }

  async function unbind(slot: Slot): Promise<void> {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    await slot.context?.dispose();
    pump();
  }

  function prefixLength(slot: Slot, prompt: readonly Token[]): number {
    const tokens = slot.sequence?.contextTokens ?? [];
    const limit = Math.min(tokens.length, prompt.length);
    let length = 0;
    while (length < limit && tokens[length] === prompt[length]) length++;
    return length;
  }

  /** Hands free slots to waiters, oldest first. */
  function pump(): void {
    if (disposed) return;
    if (reloadPending && !reloading) {
      if (probes > 0 || slots.some((slot) => slot.busy)) return;
      reloading = reloadModel().finally(() => {
        reloading = undefined;
        pump();
      });
    }
    // A pending reload waits for the busy slots to drain: no new leases meanwhile.
    if (reloading || reloadPending) return;
    while (waiters.length > 0) {
      const waiter = waiters[0] as Waiter;
      if (waiter.adapter !== null && !adapters.has(waiter.adapter)) {
        waiters.shift();
        waiter.reject(new ModelHostError(404, `adapter not loaded: ${waiter.adapter}`));
        continue;
      }
      const idle = slots.filter((slot) => !slot.busy);
      const matching = idle.filter((slot) => slot.adapter === waiter.adapter && slot.sequence);
      let chosen: Slot | undefined;
      let rebind = false;
      if (matching.length > 0) {
        chosen = matching.reduce((best, slot) => {
          const a = prefixLength(best, waiter.prompt);
          const b = prefixLength(slot, waiter.prompt);
          return b > a || (b === a && slot.lastUsed < best.lastUsed) ? slot : best;
        });
      } else if (slots.length < settings.contexts) {
        chosen = { context: undefined, sequence: undefined, adapter: waiter.adapter, busy: false, lastUsed: 0, forgetOnRelease: false };
        slots.push(chosen);
        rebind = true;
      } else if (idle.length > 0) {
        chosen = idle.reduce((oldest, slot) => (slot.lastUsed < oldest.lastUsed ? slot : oldest));
        rebind = true;
      }
      if (!chosen) return;
      waiters.shift();
      const slot = chosen;
      slot.busy = true;
      if (!rebind) {
        waiter.resolve(leaseOf(slot));
        continue;
      }
      bind(slot, waiter.adapter).then(
        () => waiter.resolve(leaseOf(slot)),
        (error: unknown) => {
          slot.busy = false;
          void unbind(slot);
          waiter.reject(error);
        },
      );
    }
  }

  /** Frees node-llama-cpp's adapter cache: the only public way is to dispose the model and load it again. */
  async function reloadModel(): Promise<void> {
    reloadPending = false;
    for (const slot of slots.splice(0)) await slot.context?.dispose();
    await model.dispose();
    cachedFiles.clear();
    model = await loadModelFile(llama, file, settings.gpuLayers);
    for (const entry of adapters.values()) cachedFiles.set(entry.file, { identity: entry.identity, bytes: entry.bytes });
    modelReloads++;
  }

  function unusedCachedBytes(): number {
    const inUse = new Set([...adapters.values()].map((entry) => entry.file));
    let bytes = 0;
    for (const [path, cached] of cachedFiles) if (!inUse.has(path)) bytes += cached.bytes;
    return bytes;
  }

  /** Resolves once no reload is pending or running, waiting like a request would. */
  async function settled(): Promise<void> {
    while (reloadPending || reloading) {
      if (reloading) await reloading;
      else {
        pump();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }

  const host: ModelHost = {
    file,
    get model() {
      return model;
    },
    contextSize,
    settled,

    acquire(adapter, prompt, signal) {
      if (disposed) return Promise.reject(new ModelHostError(503, "the model is shutting down"));
      if (adapter !== null && !adapters.has(adapter)) return Promise.reject(new ModelHostError(404, `adapter not loaded: ${adapter}`));
      return new Promise<Lease>((resolve, reject) => {
        const waiter: Waiter = { adapter, prompt, resolve, reject };
        if (signal) {
          if (signal.aborted) return reject(signal.reason);
          const onAbort = (): void => {
            const index = waiters.indexOf(waiter);
            if (index >= 0) {
              waiters.splice(index, 1);
              reject(signal.reason);
            }
          };
          signal.addEventListener("abort", onAbort, { once: true });
          waiter.resolve = (lease) => {
            signal.removeEventListener("abort", onAbort);
            resolve(lease);
          };
        }
        waiters.push(waiter);
        pump();
      });
    },

    async loadAdapter(name, src) {
      if (adapters.has(name)) throw new ModelHostError(409, `adapter already loaded: ${name}`);
      const adapterFile = await ggufFileOf(src);
      const info = await stat(adapterFile);
      const identity = `${info.size}:${info.mtimeMs}:${info.ino}`;
      const cached = cachedFiles.get(adapterFile);
      // node-llama-cpp would hand back the adapter it cached for this path, stale if the file changed.
      if (cached && cached.identity !== identity) reloadPending = true;
      // Checked and counted in one step, so that no reload starts under the probe.
      do await settled();
      while (reloadPending || reloading);
      // Loading it into a small context proves it is a LoRA for this model before anyone routes to it.
      let probe: LlamaContext | undefined;
      probes++;
      try {
        probe = await createContext(adapterFile, Math.min(contextSize, 256));
      } catch (error) {
        throw new ModelHostError(400, `not a LoRA adapter for this model: ${adapterFile}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await probe?.dispose();
        probes--;
        pump();
      }
      if (adapters.has(name)) throw new ModelHostError(409, `adapter already loaded: ${name}`);
      cachedFiles.set(adapterFile, { identity, bytes: info.size });
      adapters.set(name, { file: adapterFile, bytes: info.size, identity });
    },

    async unloadAdapter(name) {
      if (!adapters.delete(name)) return false;
      // Idle contexts of the adapter go now; busy ones when their request ends (release()).
      await Promise.all(slots.filter((slot) => slot.adapter === name && !slot.busy).map((slot) => unbind(slot)));
      if (unusedCachedBytes() >= adapterCacheBytes) {
        reloadPending = true;
        pump();
      }
      return true;
    },

    hasAdapter: (name) => adapters.has(name),
    forget(sequence) {
      const slot = slots.find((candidate) => candidate.sequence === sequence);
      if (!slot) return;
      if (slot.busy) slot.forgetOnRelease = true;
      else forgetSlot(slot);
    },
    adapterNames: () => [...adapters.keys()],
    stats: () => ({
      slots: slots.length,
      busy: slots.filter((slot) => slot.busy).length,
      waiting: waiters.length,
      adapters: adapters.size,
      cachedAdapterFiles: cachedFiles.size,
      modelReloads,
      // Layers offloaded to the GPU (0 on CPU): the one place a GPU deployment shows it really runs there.
      gpuLayers: model.gpuLayers,
    }),

    async dispose() {
      disposed = true;
      for (const waiter of waiters.splice(0)) waiter.reject(new ModelHostError(503, "the model is shutting down"));
      await reloading;
      for (const slot of slots.splice(0)) await slot.context?.dispose();
      await model.dispose();
    },
  };
  return host;
}
