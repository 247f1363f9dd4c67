/** An invariant the code relies on (a row an INSERT just returned, a record the resolver was given): a bug if absent. */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`internal: ${what} is missing`);
  return value;
}
