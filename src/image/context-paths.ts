import { isAbsolute, normalize } from "path";
import { isNeverCopied } from "./ignore-patterns";
import { assertPath } from "../dockerfile/escaping";

/** A relative path without `./`, doubled or trailing slashes. */
export function cleanPath(path: string): string {
  return normalize(path).replace(/\/+$/, "");
}

/**
 * A path from pyproject.toml that the Dockerfile copies, cleaned; a path
 * outside the build context, one Docker cannot copy as written, or a
 * secret is a problem naming `what`.
 */
export function contextPath(
  path: string,
  what: string,
  problems: string[],
): string {
  const shown = JSON.stringify(path);
  const clean = cleanPath(path);
  if (isAbsolute(path) || clean === ".." || clean.startsWith("../")) {
    problems.push(
      `${what} ${shown} lies outside the project directory, the Docker build ` +
        "context; move it inside the project.",
    );
    return clean;
  }
  if (clean === "" || clean === ".") {
    problems.push(
      `${what} ${shown} is the whole project directory; name a folder or file inside it.`,
    );
    return clean;
  }
  try {
    assertPath(clean, `${what} ${shown}:`);
  } catch (e) {
    problems.push((e as Error).message);
    return clean;
  }
  if (isNeverCopied(clean)) {
    problems.push(
      `${what} ${shown} is a secret or version-control path, which the ` +
        ".dockerignore always keeps out of the image; move the code elsewhere.",
    );
  }
  return clean;
}
