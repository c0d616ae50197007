/** Whether Fetch accepts `value` as a header value, so property tests only send what a client could. */
export function validHeaderValue(value: string): boolean {
  try {
    new Headers([["x-probe", value]]);
    return true;
  } catch {
    return false;
  }
}
