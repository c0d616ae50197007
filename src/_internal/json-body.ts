import { HttpError } from "../http-error.ts";

const decoder = new TextDecoder("utf-8", { fatal: true });

/** The request body as UTF-8 text; invalid UTF-8 is a 400, never a 500. */
export async function readUtf8(request: Request): Promise<string> {
  const text = decodeUtf8(new Uint8Array(await request.arrayBuffer()));
  if (text === undefined) throw new HttpError(400, "JSON decode error: request body is not valid UTF-8");
  return text;
}

/** UTF-8 text of `bytes` (a leading BOM dropped), or `undefined` when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The body parsed as JSON when it is UTF-8 JSON, else `undefined`; never throws on bad input. */
export async function readJsonIfAny(request: Request): Promise<{ value: unknown } | undefined> {
  const text = decodeUtf8(new Uint8Array(await request.arrayBuffer()));
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  return parsed.ok ? { value: parsed.value } : undefined;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

/** `JSON.parse` that reports instead of throwing; an empty body is a decode error, as in the reference. */
export function parseJson(text: string): ParsedJson {
  if (text.trim() === "") return { ok: false, message: "Expecting value: line 1 column 1 (char 0)" };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Parsed JSON or a 400 `JSON decode error: ...` (the reference's detail prefix). */
export async function readJson(request: Request): Promise<unknown> {
  const parsed = parseJson(await readUtf8(request));
  if (!parsed.ok) throw new HttpError(400, `JSON decode error: ${parsed.message}`);
  return parsed.value;
}
