/**
 * The smallest runtime image an app can have: the slim base, plus the bytes
 * of its runtime dependency distributions, plus the bytes of its source.
 */
import { readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import type { VenvContents } from "./image-probe";
import { parse } from "../src/poetry/toml";

/**
 * Site-packages entries that are tools seeded into every venv, not
 * dependencies of the app: pip, setuptools, wheel and their helpers.
 */
const SEEDED_TOOLS = [
  /^(pip|setuptools|wheel)(-[^-]+\.(dist-info|virtualenv))?$/,
  /^(_distutils_hack|pkg_resources)$/,
  /^(distutils-precedence\.pth|_virtualenv\.(py|pth))$/,
  /^__pycache__$/,
];

/** The venv's site-packages split into what the app needs and the rest. */
export interface VenvSplit {
  /** Runtime dependency distributions: the lower bound counts these. */
  readonly dependencies: number;
  /** pip, setuptools, wheel and helpers seeded into the venv. */
  readonly seededTools: number;
  /** The root package's own dist-info and .pth. */
  readonly rootPackage: number;
  /** The venv outside site-packages (interpreter links, scripts, config). */
  readonly skeleton: number;
  /** The seeded tools found, by name. */
  readonly seededNames: string[];
}

/** Splits the venv's contents; `rootName` is the project's name. */
export function splitVenv(contents: VenvContents, rootName: string): VenvSplit {
  const root = rootName.toLowerCase().replace(/[-.]+/g, "_");
  let dependencies = 0;
  let seededBytes = 0;
  let rootPackage = 0;
  const seededNames: string[] = [];
  for (const [name, bytes] of Object.entries(contents.entries)) {
    if (SEEDED_TOOLS.some((pattern) => pattern.test(name))) {
      seededBytes += bytes;
      seededNames.push(name);
    } else if (
      name.toLowerCase().startsWith(`${root}-`) ||
      name.toLowerCase() === `${root}.pth`
    ) {
      rootPackage += bytes;
    } else {
      dependencies += bytes;
    }
  }
  const sitePackages = dependencies + seededBytes + rootPackage;
  return {
    dependencies,
    seededTools: seededBytes,
    rootPackage,
    skeleton: contents.venv - sitePackages,
    seededNames: seededNames.sort(),
  };
}

/** The project's name from pyproject.toml (`[tool.poetry]` or `[project]`). */
export function projectName(dir: string): string {
  const pyproject = parse(
    readFileSync(join(dir, "pyproject.toml"), "utf8"),
  ) as {
    project?: { name?: string };
    tool?: { poetry?: { name?: string } };
  };
  return pyproject.tool?.poetry?.name ?? pyproject.project?.name ?? "";
}

/**
 * Bytes of regular files under the source paths, without `__pycache__`
 * and `.pyc` files, which the generated .dockerignore keeps out.
 */
export function sourceBytes(dir: string, sources: readonly string[]): number {
  return sources.reduce((sum, source) => sum + treeBytes(join(dir, source)), 0);
}

function treeBytes(path: string): number {
  const stat = statSync(path);
  if (stat.isFile()) {
    return path.endsWith(".pyc") ? 0 : stat.size;
  }
  if (!stat.isDirectory() || path.endsWith("__pycache__")) {
    return 0;
  }
  return readdirSync(path).reduce(
    (sum, name) => sum + treeBytes(join(path, name)),
    0,
  );
}

/** pip, setuptools and wheel themselves, and their dist-info. */
export function toolNames(names: readonly string[]): string[] {
  return names.filter((n) => /^(pip|setuptools|wheel)([-_.].*)?$/.test(n));
}

/**
 * The seeded entries for a table cell: pip, setuptools and wheel by
 * package folder, then the other helpers by name.
 */
export function seededTools(names: readonly string[]): string {
  const tools = names.filter((n) => /^(pip|setuptools|wheel)$/.test(n));
  const helpers = names.filter((n) => !toolNames(names).includes(n));
  const toolText =
    tools.length > 0 ? tools.join(", ") : "no pip, setuptools, wheel";
  const helperText =
    helpers.length > 4 ? `${helpers.length} helpers` : helpers.join(", ");
  return helperText === "" ? toolText : `${toolText}; ${helperText}`;
}
