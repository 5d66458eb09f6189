/**
 * Turning values into Dockerfile text that cannot leave its instruction.
 * Every function here either returns text that the Dockerfile parser reads
 * back as exactly the given value, or throws an error naming `what`.
 */

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Refuses values that would span lines or carry control characters, and
 * text that is not valid Unicode: a lone surrogate cannot be written as
 * UTF-8, so the file would hold U+FFFD instead of the value.
 */
export function assertSingleLine(value: string, what: string): void {
  if (CONTROL_CHARACTERS.test(value)) {
    throw new Error(
      `${what} ${JSON.stringify(value)} contains a line break or control ` +
        "character, which a Dockerfile instruction cannot hold; remove it.",
    );
  }
  if (LONE_SURROGATE.test(value)) {
    throw new Error(
      `${what} ${JSON.stringify(value)} contains a lone surrogate, which is ` +
        "not valid Unicode and cannot be written to the file; remove it.",
    );
  }
}

/**
 * A double-quoted word for ENV, LABEL and ARG values. Backslash, double
 * quote and dollar are escaped, so the value is taken literally; with
 * `expand`, `$NAME` and `${NAME}` references are left for Docker to expand.
 */
export function quoteWord(value: string, what: string, expand = false): string {
  assertSingleLine(value, what);
  const special = expand ? /["\\]/g : /["\\$]/g;
  return `"${value.replace(special, (c) => `\\${c}`)}"`;
}

/**
 * An exec-form argument list (`["a", "b"]`). JSON keeps every argument in
 * one string on one line; `$` needs no escape, since exec form is not
 * expanded.
 */
export function execForm(args: readonly string[], what: string): string {
  if (args.length === 0) {
    throw new Error(`${what} is empty; give at least the program to run.`);
  }
  args.forEach((arg, i) => assertSingleLine(arg, `${what}[${i}]`));
  return `[${args.map((arg) => JSON.stringify(arg)).join(", ")}]`;
}

const PLAIN_PATH = /^[A-Za-z0-9_./*?@+=,:-]+$/;

/**
 * File paths for COPY and friends. Plain paths are written as they are; a
 * path with spaces or other shell-looking characters makes the caller use
 * the JSON form. `$`, `\`, `'` and `"` are refused: Docker's word
 * processing reads them as a variable, an escape or a quote even in the
 * JSON form.
 */
export function assertPath(path: string, what: string): void {
  assertSingleLine(path, what);
  if (path.length === 0) {
    throw new Error(`${what} is empty; give a path.`);
  }
  if (path.startsWith("-")) {
    throw new Error(
      `${what} ${JSON.stringify(path)} starts with "-", which Docker would ` +
        "read as a flag; write it as ./" +
        path +
        ".",
    );
  }
  if (/[$\\'"]/.test(path)) {
    throw new Error(
      `${what} ${JSON.stringify(path)} contains "$", "\\", "'" or '"', which ` +
        "Docker would read as a variable, an escape or a quote; rename the file.",
    );
  }
}

/** Whether paths can be written without the JSON form. */
export function arePlainPaths(paths: readonly string[]): boolean {
  return paths.every((path) => PLAIN_PATH.test(path));
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Refuses names that are not POSIX environment variable names. */
export function assertVariableName(name: string, what: string): void {
  if (!VARIABLE_NAME.test(name)) {
    throw new Error(
      `${what} ${JSON.stringify(name)} is not a valid variable name; use ` +
        "letters, digits and underscores, not starting with a digit.",
    );
  }
}

const PLAIN_SHELL_WORD = /^[A-Za-z0-9_./=:@%+,-]+$/;

/**
 * One word for a `/bin/sh` command line: written as it is when plain, else
 * single-quoted, so that no character in it reaches the shell as syntax.
 */
export function shellWord(value: string, what: string): string {
  assertSingleLine(value, what);
  if (PLAIN_SHELL_WORD.test(value)) {
    return value;
  }
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
