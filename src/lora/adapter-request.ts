import { bodyJson } from "../_internal/shared-body.ts";
import { isJsonObject } from "../_internal/json-path.ts";
import { queryView } from "../transforms/request-view.ts";
import { adapterNameProblem } from "./adapter-name.ts";

/** SageMaker's `POST /adapters` request once validated (MHCS `SageMakerRegisterLoRAAdapterRequest`). */
export interface AdapterRegistration {
  name: string;
  src: string;
  preload: boolean;
  pin: boolean;
}

/** One problem, shaped like a pydantic error (without `input`, which could echo a presigned URL). */
export interface ValidationIssue {
  type: string;
  loc: Array<string | number>;
  msg: string;
  ctx?: Record<string, string>;
}

export type RegistrationResult = { ok: true; value: AdapterRegistration } | { ok: false; issues: ValidationIssue[] };

const MODEL = "SageMakerRegisterLoRAAdapterRequest";
const TRUE = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE = new Set(["0", "off", "f", "false", "n", "no"]);

/**
 * The registration input as MHCS reads it: the JSON body when it parses (any Content-Type), otherwise
 * the query string (MHCS #41), where a repeated parameter's last value wins. Bytes that are not UTF-8
 * count as "not JSON" rather than a server error.
 */
export async function readRegistrationInput(request: Request): Promise<unknown> {
  const parsed = await bodyJson(request);
  return parsed?.ok ? parsed.value : queryView(request.url);
}

/**
 * Validates `{name, src, preload?, pin?}` with pydantic's rules and messages: unknown fields dropped,
 * `preload` defaulting to true and `pin` to false, lax booleans (`yes`, `0`, `Off`, ...). Adapter names
 * are also checked for `/`, control characters, blank and overlong values.
 */
export function validateRegistration(input: unknown): RegistrationResult {
  if (!isJsonObject(input)) {
    return {
      ok: false,
      issues: [{ type: "model_type", loc: [], msg: `Input should be a valid dictionary or instance of ${MODEL}`, ctx: { class_name: MODEL } }],
    };
  }
  const issues: ValidationIssue[] = [];
  const name = requiredString(input, "name", issues);
  const src = requiredString(input, "src", issues);
  const preload = laxBool(input, "preload", true, issues);
  const pin = laxBool(input, "pin", false, issues);
  if (name !== undefined) {
    const problem = adapterNameProblem(name);
    if (problem) issues.unshift(valueError("name", `The parameter name ${problem}`));
  }
  if (issues.length > 0 || name === undefined || src === undefined) return { ok: false, issues };
  return { ok: true, value: { name, src, preload, pin } };
}

function own(input: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(input, key) ? input[key] : undefined;
}

function requiredString(input: Record<string, unknown>, field: string, issues: ValidationIssue[]): string | undefined {
  const value = own(input, field);
  if (value === undefined) {
    issues.push({ type: "missing", loc: [field], msg: "Field required" });
    return undefined;
  }
  // MHCS's before-validator rejects exactly "", ahead of the type check.
  if (value === "") {
    issues.push(valueError(field, `The parameter ${field} cannot be an empty string`));
    return undefined;
  }
  if (typeof value !== "string") {
    issues.push({ type: "string_type", loc: [field], msg: "Input should be a valid string" });
    return undefined;
  }
  return value;
}

function valueError(field: string, error: string): ValidationIssue {
  return { type: "value_error", loc: [field], msg: `Value error, ${error}`, ctx: { error } };
}

/** Pydantic's lax bool: booleans, 0/1, and twelve strings in any case. */
function laxBool(input: Record<string, unknown>, field: string, fallback: boolean, issues: ValidationIssue[]): boolean {
  const value = own(input, field);
  if (value === undefined) return fallback;
  if (typeof value === "boolean") return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
  }
  if (typeof value === "string" || (typeof value === "number" && Number.isInteger(value))) {
    issues.push({ type: "bool_parsing", loc: [field], msg: "Input should be a valid boolean, unable to interpret input" });
  } else {
    issues.push({ type: "bool_type", loc: [field], msg: "Input should be a valid boolean" });
  }
  return fallback;
}
