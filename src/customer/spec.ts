import { SageMakerConfigError } from "../errors.ts";

/** A parsed `CUSTOM_FASTAPI_*` value. */
export type HandlerSpec =
  | { kind: "route"; path: string; source: string }
  | { kind: "function"; module: string; attributePath: string[]; source: string };

const ATTRIBUTE_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/**
 * `file.mjs:fn`, `model:fn`, `package:Obj.method` (split on the LAST colon, so `node:path:join` works),
 * or `/route` (no colon). Unset or blank is `undefined`; anything else malformed is a startup error.
 */
export function parseHandlerSpec(raw: string | undefined, variable: string): HandlerSpec | undefined {
  if (raw === undefined) return undefined;
  const source = raw.trim();
  if (source === "") return undefined;
  const colon = source.lastIndexOf(":");
  if (colon === -1) {
    if (source.startsWith("/") && !/\s/.test(source)) return { kind: "route", path: source, source };
    throw invalid(variable, source, "expected 'file.mjs:function', 'model:function', 'package:function' or '/route'");
  }
  const module = source.slice(0, colon);
  const attribute = source.slice(colon + 1);
  if (module === "" || /\s/.test(module)) throw invalid(variable, source, "the module part before the last ':' is empty or has spaces");
  if (!ATTRIBUTE_PATH.test(attribute)) {
    throw invalid(variable, source, `'${attribute}' after the last ':' is not a function name or Obj.method path`);
  }
  return { kind: "function", module, attributePath: attribute.split("."), source };
}

function invalid(variable: string, spec: string, reason: string): SageMakerConfigError {
  return new SageMakerConfigError(`Invalid handler specification in ${variable}='${spec}': ${reason}`, { code: "INVALID_SPEC", variable });
}

const FILE_EXTENSION = /\.(m|c)?(j|t)sx?$/;

/** Whether the module part names a file (resolved against SAGEMAKER_MODEL_PATH) rather than a package. */
export function isFileModule(module: string): boolean {
  return module.startsWith("/") || module.startsWith("./") || module.startsWith("../") || FILE_EXTENSION.test(module);
}
