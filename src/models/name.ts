import { HttpError } from "../http-error.ts";

const MAX_MODEL_NAME_LENGTH = 256;

/** Why `name` cannot name a model (it is a path segment, a log field and part of answers), or `undefined`. */
export function modelNameProblem(name: string): string | undefined {
  if (name.length === 0) return "cannot be empty";
  if (name.length > MAX_MODEL_NAME_LENGTH) return `cannot be longer than ${MAX_MODEL_NAME_LENGTH} characters`;
  if (name === "." || name === "..") return `cannot be '${name}'`;
  if (name.includes("/")) return "cannot contain '/'";
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return "cannot contain control characters";
  }
  return undefined;
}

/** A model name from the body or the path; 400 naming the field when it is not usable. */
export function checkModelName(name: string, field: string): string {
  const problem = modelNameProblem(name);
  if (problem) throw new HttpError(400, `Invalid ${field}: the model name ${problem}`);
  return name;
}

/** The `{model_name}` path segment, percent-decoded once; a malformed escape is 400. */
export function modelNameFromSegment(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "Invalid model_name: the path segment is not valid percent-encoding");
  }
  return checkModelName(decoded, "model_name");
}
