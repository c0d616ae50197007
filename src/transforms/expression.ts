import { TreeInterpreter, compile } from "@jmespath-community/jmespath";
import { SageMakerConfigError } from "../errors.ts";
import { toPlainJson } from "./request-view.ts";
import type { JsonValue } from "../types.ts";

type AstNode = ReturnType<typeof compile>;

/** A JMESPath expression compiled once, at config time. */
export interface CompiledExpression {
  readonly kind: "expression";
  /** The expression as written, for messages. */
  readonly source: string;
  /** Where it was configured, e.g. `registerLoadAdapterHandler.requestShape.lora_name`. */
  readonly where: string;
  readonly ast: AstNode;
}

/** A shape expression failed on this request's data (`length(body.missing)`): the request is at fault. */
export class TransformEvaluationError extends Error {
  readonly where: string;

  constructor(where: string, cause: unknown) {
    super(`${where}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.where = where;
  }

  override get name(): string {
    return "TransformEvaluationError";
  }
}

// Python jmespath 1.0.1's built-ins. The community library adds more (upper, split, ...), which would
// make a shape that works here fail under MHCS Python.
const PYTHON_FUNCTIONS = new Set([
  "abs", "avg", "ceil", "contains", "ends_with", "floor", "join", "keys", "length", "map", "max", "max_by",
  "merge", "min", "min_by", "not_null", "reverse", "sort", "sort_by", "starts_with", "sum", "to_array",
  "to_number", "to_string", "type", "values",
]);

const QUOTE_HINT = 'quote names that contain "-", e.g. headers."X-Amzn-SageMaker-Adapter-Identifier"';

/** Syntax the community library accepts but Python jmespath (MHCS) does not, with what to write instead. */
function unportable(node: AstNode): string | undefined {
  switch (node.type) {
    case "Arithmetic":
    case "Unary":
      // `headers.X-Foo` parses as `headers.X - Foo` here; Python rejects it at compile time.
      return `arithmetic is not JMESPath as MHCS understands it; ${QUOTE_HINT}`;
    case "Root":
      return "the `$` root reference is not supported; start from body, headers, query_params or path_params";
    case "LetExpression":
    case "Binding":
    case "Variable":
      return "`let` expressions and `$variables` are not supported";
    case "Ternary":
      return "the `? :` conditional is not supported; use `a && b || c`";
    case "Function":
      return PYTHON_FUNCTIONS.has(node.name) ? undefined : `unknown function ${node.name}()`;
    default:
      return undefined;
  }
}

function findUnportable(node: AstNode): string | undefined {
  const problem = unportable(node);
  if (problem) return problem;
  for (const child of childrenOf(node)) {
    const found = findUnportable(child);
    if (found) return found;
  }
  return undefined;
}

function childrenOf(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) {
      out.push(value);
    }
  }
  return out;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/**
 * Compiles one shape expression, rejecting what MHCS Python would reject (and the community library's
 * extensions, so a shape means the same in both).
 * @param where the config key, used in the error message.
 * @throws SageMakerConfigError naming `where` for a non-string, a syntax error or unportable syntax.
 */
export function compileExpression(source: unknown, where: string): CompiledExpression {
  if (typeof source !== "string") {
    throw new SageMakerConfigError(`Invalid ${where}: expected a JMESPath string or a nested shape object, got ${describe(source)}`, { key: where });
  }
  let ast: AstNode;
  try {
    ast = compile(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /JSON literal/.test(message)
      ? "; backtick literals must be JSON: write 'text' or `\"text\"` for a string"
      : "";
    throw new SageMakerConfigError(`Invalid ${where}: '${source}' is not a valid JMESPath expression: ${message}${hint}`, {
      key: where,
      cause: error,
    });
  }
  const problem = findUnportable(ast);
  if (problem) throw new SageMakerConfigError(`Invalid ${where}: '${source}': ${problem}`, { key: where });
  return { kind: "expression", source, where, ast };
}

/**
 * Evaluates a compiled expression over a view built by `buildRequestView` (or any JSON data).
 * The result is plain JSON: no `undefined`, no functions, no prototype members.
 * @throws TransformEvaluationError when the expression fails on this data (e.g. `length(null)`).
 */
export function evaluateExpression(expression: CompiledExpression, view: unknown): JsonValue {
  let result: unknown;
  try {
    result = TreeInterpreter.search(expression.ast, view as Parameters<typeof TreeInterpreter.search>[1]);
  } catch (error) {
    throw new TransformEvaluationError(expression.where, error);
  }
  return toPlainJson(result);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
