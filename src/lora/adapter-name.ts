import { firstValue } from "../transforms/request-view.ts";
import { ADAPTER_ALIAS_HEADER, ADAPTER_IDENTIFIER_HEADER, MAX_ADAPTER_NAME_LENGTH } from "./constants.ts";

/** C0 controls, DEL and C1 controls: nothing an adapter name or a log line should carry. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * Why `name` cannot be used as an adapter name (it becomes a path segment, a log field and part of
 * a response), as the end of a sentence, or `undefined` when it is fine. `""` is checked by callers.
 */
export function adapterNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "cannot be blank";
  if (name.includes("/")) return "cannot contain '/'";
  // URL parsers collapse these segments (also as %2e), so no DELETE /adapters/{name} could reach the adapter.
  if (name === "." || name === "..") return "cannot be '.' or '..'";
  if (hasControl(name)) return "cannot contain control characters";
  if ([...name].length > MAX_ADAPTER_NAME_LENGTH) return `cannot be longer than ${MAX_ADAPTER_NAME_LENGTH} characters`;
  return undefined;
}

/** Why an identifier header value cannot be injected, or `undefined`. `/` is allowed: engines name adapters `org/name`. */
export function adapterIdentifierProblem(id: string): string | undefined {
  if (hasControl(id)) return "cannot contain control characters";
  if ([...id].length > MAX_ADAPTER_NAME_LENGTH) return `cannot be longer than ${MAX_ADAPTER_NAME_LENGTH} characters`;
  return undefined;
}

/** A header's first value, `undefined` when it is absent or empty. */
function headerValue(headers: Headers | null | undefined, name: string): string | undefined {
  const raw = headers?.get(name);
  if (raw === null || raw === undefined) return undefined;
  const value = firstValue(raw);
  return value === "" ? undefined : value;
}

/** The `X-Amzn-SageMaker-Adapter-Alias` value, `undefined` when absent or empty (MHCS `get_adapter_alias_from_request_header`). */
export function adapterAlias(headers: Headers | null | undefined): string | undefined {
  return headerValue(headers, ADAPTER_ALIAS_HEADER);
}

/** The `X-Amzn-SageMaker-Adapter-Identifier` value, `undefined` when absent or empty. */
export function adapterIdentifier(headers: Headers | null | undefined): string | undefined {
  return headerValue(headers, ADAPTER_IDENTIFIER_HEADER);
}
