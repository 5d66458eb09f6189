/**
 * Asserts that `error` is an Error whose message names `what` and shows
 * one of the given values (as JSON or as written), or says that an empty
 * value is empty.
 */
export function expectRefusal(
  error: unknown,
  what: string | RegExp,
  values: unknown[],
): void {
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message).toMatch(what);
  const shown = values.flatMap((v) => {
    if (typeof v === "number") return [String(v)];
    // a few messages show a string unquoted, between spaces
    return typeof v === "string" ? [JSON.stringify(v), ` ${v} `] : [show(v)];
  });
  if (values.includes("")) {
    shown.push("is empty");
  }
  if (shown.length > 0) {
    expect([message, shown.some((q) => message.includes(q))]).toEqual([
      message,
      true,
    ]);
  }
}

/** Runs `make`, returning its result or the error it threw. */
export function attempt<T>(make: () => T): { value?: T; error?: unknown } {
  try {
    return { value: make() };
  } catch (error) {
    return { error };
  }
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
