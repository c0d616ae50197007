import { decodeUtf8 } from "../_internal/json-body.ts";
import { SageMakerConfigError } from "../errors.ts";
import { HttpError, isHttpError } from "../http-error.ts";
import { describeError } from "../logging.ts";
import { isResponse, textAnswer } from "../respond.ts";
import { defineWrappedHandler, prepareHandler } from "../wrapped-handler.ts";
import type { Handler, HandlerContext, HandlerResult } from "../types.ts";

export interface SplitRecordsOptions {
  /** How many records run at once; default 4. */
  concurrency?: number;
}

const JSON_LINES = new Set(["application/jsonlines", "application/x-jsonlines", "application/jsonl"]);
const CSV = "text/csv";
const DROPPED_HEADERS = ["content-length", "content-encoding", "transfer-encoding"];

type Format = "jsonl" | "csv";
/** One record's answer as it is written, or why the batch fails. */
type Outcome = { ok: true; line: string } | { ok: false; status: number; detail: string };

/**
 * Batch transform's mini-batches, record by record: a JSON Lines or CSV body is split on `\n` and the
 * handler is called once per non-empty line, at most `concurrency` at a time; the answers come back
 * in input order, one per line. The first failing record fails the whole request with
 * `Record <n>: <detail>` and aborts the records still running. Other media types pass through unread.
 */
export function splitRecords(options: SplitRecordsOptions = {}): (handler: Handler) => Handler {
  if (typeof options !== "object" || options === null) throw new SageMakerConfigError("splitRecords: options must be an object", { key: "splitRecords" });
  for (const key of Object.keys(options)) {
    if (key !== "concurrency") throw new SageMakerConfigError(`splitRecords: unknown option '${key}'`, { key: `splitRecords.${key}` });
  }
  const concurrency = options.concurrency ?? 4;
  if (typeof concurrency !== "number" || !Number.isInteger(concurrency) || concurrency < 1) {
    throw new SageMakerConfigError(`splitRecords: concurrency must be an integer of at least 1, got ${String(concurrency)}`, { key: "splitRecords.concurrency" });
  }
  return (handler) => {
    if (typeof handler !== "function") throw new SageMakerConfigError(`splitRecords(...) must wrap a handler function, got ${typeof handler}`, { key: "splitRecords(...)" });
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      return async (request, context) => {
        const mediaType = mediaTypeOf(request.headers.get("content-type"));
        const format: Format | undefined = JSON_LINES.has(mediaType) ? "jsonl" : mediaType === CSV ? "csv" : undefined;
        if (!format) return inner(request, context);
        const text = decodeUtf8(new Uint8Array(await request.arrayBuffer()));
        if (text === undefined) throw new HttpError(400, "The request body is not valid UTF-8");
        const records = splitLines(text);
        const headers = { "content-type": mediaType };
        if (records.length === 0) return textAnswer(null, { status: 200, headers });
        const lines = await runRecords(records, request, context, inner, format, concurrency);
        return textAnswer(lines, { status: 200, headers });
      };
    });
  };
}

function mediaTypeOf(contentType: string | null): string {
  if (contentType === null) return "";
  const semicolon = contentType.indexOf(";");
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

function splitLines(text: string): string[] {
  const records: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line !== "") records.push(line);
  }
  return records;
}

async function runRecords(
  records: string[],
  request: Request,
  context: HandlerContext,
  handler: Handler,
  format: Format,
  concurrency: number,
): Promise<string> {
  const headers = new Headers(request.headers);
  for (const name of DROPPED_HEADERS) headers.delete(name);
  const batch = new AbortController();
  let signal: AbortSignal | undefined;
  // Records share one context whose signal also aborts when the batch fails; built on first use.
  const recordContext = Object.create(context, {
    signal: { get: () => (signal ??= joinSignals(context.signal, batch.signal)), configurable: true },
  }) as HandlerContext;

  const answers: string[] = Array.from({ length: records.length }, () => "");
  let next = 0;
  let failure: { index: number; status: number; detail: string } | undefined;

  const runOne = async (index: number): Promise<void> => {
    const record = new Request(request.url, { method: request.method, headers, body: records[index] });
    let outcome: Outcome;
    try {
      const result = await handler(record, Object.create(recordContext) as HandlerContext);
      outcome = failure ? { ok: true, line: "" } : isResponse(result) ? await writeResponse(result, format) : writeValue(result, format);
      if (failure && isResponse(result)) void result.body?.cancel().catch(() => undefined);
    } catch (error) {
      if (failure) return;
      if (isHttpError(error)) outcome = { ok: false, status: error.status, detail: detailText(error.detail) };
      else {
        context.logger.error(`Record ${index + 1} of ${request.method} ${new URL(request.url).pathname} failed: ${describeError(error)}`);
        outcome = { ok: false, status: 500, detail: "Internal Server Error" };
      }
    }
    if (failure) return;
    if (outcome.ok) answers[index] = outcome.line;
    else {
      failure = { index, status: outcome.status, detail: outcome.detail };
      batch.abort(new DOMException(`Record ${index + 1} failed`, "AbortError"));
    }
  };

  const worker = async (): Promise<void> => {
    while (!failure && next < records.length) await runOne(next++);
  };
  const workers = Array.from({ length: Math.min(concurrency, records.length) }, worker);
  // Fail fast: answer as soon as one record fails, without waiting for the aborted ones.
  await new Promise<void>((resolve, reject) => {
    let finished = 0;
    const done = (): void => {
      if (failure || ++finished === workers.length) resolve();
    };
    for (const running of workers) running.then(done, reject);
    batch.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  if (failure) {
    const status = failure.status >= 400 && failure.status <= 599 ? failure.status : 500;
    throw new HttpError(status, `Record ${failure.index + 1}: ${failure.detail}`);
  }
  let body = "";
  for (const line of answers) body += `${line}\n`;
  return body;
}

/** A Response answer as a line: a non-2xx fails the record; `application/json` is re-written compact. */
async function writeResponse(response: Response, format: Format): Promise<Outcome> {
  const bodyText = await response.text();
  if (response.status < 200 || response.status > 299) {
    return { ok: false, status: response.status, detail: errorDetail(bodyText) };
  }
  if (mediaTypeOf(response.headers.get("content-type")) === "application/json") {
    try {
      return { ok: true, line: JSON.stringify(JSON.parse(bodyText)) };
    } catch {
      return { ok: false, status: 500, detail: "the answer is application/json but not valid JSON" };
    }
  }
  return writeText(bodyText, format);
}

/** A returned value as a line (synchronous: most record handlers return values). */
function writeValue(result: HandlerResult, format: Format): Outcome {
  if (result === undefined) return writeText("", format);
  if (typeof result === "string") return writeText(result, format);
  const json = JSON.stringify(result);
  if (json === undefined) return { ok: false, status: 500, detail: "the handler returned a value JSON cannot represent" };
  return { ok: true, line: json };
}

/** Text answers lose one trailing line break; JSON Lines writes them as JSON strings, CSV as they are. */
function writeText(answer: string, format: Format): Outcome {
  let text = answer;
  if (text.endsWith("\r\n")) text = text.slice(0, -2);
  else if (text.endsWith("\n")) text = text.slice(0, -1);
  if (format === "jsonl") return { ok: true, line: JSON.stringify(text) };
  if (text.includes("\n") || text.includes("\r")) return { ok: false, status: 500, detail: "the answer holds a line break, which CSV output cannot carry" };
  return { ok: true, line: text };
}

/** A failed record's `{"detail": ...}`, else its body text. */
function errorDetail(bodyText: string): string {
  try {
    const parsed = JSON.parse(bodyText) as unknown;
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && "detail" in parsed) {
      return detailText((parsed as { detail: unknown }).detail);
    }
  } catch {
    // not JSON: the text itself
  }
  return bodyText;
}

function detailText(detail: unknown): string {
  return typeof detail === "string" ? detail : JSON.stringify(detail);
}

function joinSignals(outer: AbortSignal, batch: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === "function") return AbortSignal.any([outer, batch]);
  const controller = new AbortController();
  for (const signal of [outer, batch]) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}
