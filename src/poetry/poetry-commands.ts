/** A Poetry release, as `major.minor.patch` numbers. */
export interface PoetryRelease {
  readonly major: number;
  readonly minor: number;
}

const POETRY_VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?$/;

/** The oldest Poetry whose `install` knows `--only` and `--sync`. */
export const OLDEST_SUPPORTED_POETRY = "1.2.0";

/** Reads a pinned Poetry version, or undefined when it is not one. */
export function parsePoetryVersion(version: string): PoetryRelease | undefined {
  const match = POETRY_VERSION.exec(version);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** Whether this Poetry release is one the generated commands work with. */
export function isSupportedPoetry(release: PoetryRelease): boolean {
  return release.major >= 2 || (release.major === 1 && release.minor >= 2);
}

/**
 * The command that makes the venv hold exactly the locked main-group
 * dependencies. Poetry 2 has `poetry sync`; 1.2 to 1.8 spell it
 * `poetry install --sync`. Other groups are left out by name with
 * `--without`: `--only main` would do the same, but Poetry 2 refuses it
 * when the project declares no main-group dependency.
 *
 * @param root whether to install the project's own package too
 * @param groups the project's dependency groups other than main
 */
export function syncCommand(
  release: PoetryRelease,
  root: boolean,
  groups: readonly string[] = [],
): string {
  const words = [release.major >= 2 ? "poetry sync" : "poetry install --sync"];
  if (groups.length > 0) {
    words.push("--without", groups.join(","));
  }
  if (!root) {
    words.push("--no-root");
  }
  return words.join(" ");
}

/** Whether this Poetry reads PEP 735 `[dependency-groups]` (2.2 and newer). */
export function readsDependencyGroups(release: PoetryRelease): boolean {
  return release.major > 2 || (release.major === 2 && release.minor >= 2);
}

/**
 * `poetry config` commands that make Poetry create the app's venv without
 * pip and setuptools: the app runs without them, and an app that needs one
 * declares it as a dependency. Poetry 2 dropped the setuptools setting
 * (its venvs no longer get setuptools), so it is only set before 2.0.
 */
export function leanVenvCommands(release: PoetryRelease): string[] {
  const settings = ["virtualenvs.options.no-pip"];
  if (release.major < 2) {
    settings.push("virtualenvs.options.no-setuptools");
  }
  return settings.map((setting) => `poetry config ${setting} true`);
}
