// src/errors.ts
var SageMakerConfigError = class extends Error {
  code;
  variable;
  file;
  key;
  constructor(message, details = {}) {
    super(message, "cause" in details ? { cause: details.cause } : void 0);
    this.code = details.code ?? "INVALID_CONFIG";
    this.variable = details.variable;
    this.file = details.file;
    this.key = details.key;
  }
  get name() {
    return "SageMakerConfigError";
  }
};
function causeMessage(cause) {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  if (typeof cause === "object" && cause !== null && typeof cause.message === "string") {
    const name = typeof cause.name === "string" ? cause.name : "Error";
    return `${name}: ${cause.message}`;
  }
  return String(cause);
}

export {
  SageMakerConfigError,
  causeMessage
};
