import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { parse, TomlError } from "./toml";

/** A `packages` entry of `[tool.poetry]`: what to copy into the image. */
export interface PackageSource {
  /** Path of the package, relative to the project directory. */
  readonly path: string;

  /** The folder it lives in (`src` for a src layout), or "" for the root. */
  readonly from: string;
}

/** A dependency on a package in a folder of the project. */
export interface PathDependency {
  readonly path: string;

  /**
   * Installed in editable mode: the venv points at the source, so the
   * runtime image needs the source too.
   */
  readonly develop: boolean;
}

/** A main-group dependency: its normalised name and requested extras. */
export interface MainDependency {
  /** The name, lowercase, with runs of `-`, `_` and `.` as one `-`. */
  readonly name: string;

  /** Extras asked for, such as `standard` in `fastapi[standard]`. */
  readonly extras: string[];
}

/** What a Poetry pyproject.toml says about building an image. */
export interface PyprojectFacts {
  /** The file the facts come from, for messages. */
  readonly file: string;

  /** The project name, when there is one. */
  readonly name?: string;

  /** The Python constraint and the line it is on. */
  readonly python?: { readonly constraint: string; readonly line?: number };

  /** False for `package-mode = false`: no root package to install. */
  readonly packageMode: boolean;

  /** Declared `packages`, or undefined when Poetry's default applies. */
  readonly packages?: PackageSource[];

  /** The line of `packages = ...` in `[tool.poetry]`, when declared. */
  readonly packagesLine?: number;

  /**
   * Whether `[tool.poetry] build` names a build script (to compile an
   * extension, say), which the root install runs against the real source.
   */
  readonly buildScript: boolean;

  /** Readme files named by the project; Poetry needs them to install it. */
  readonly readme: string[];

  /** Console script names. */
  readonly scripts: string[];

  /** Main-group path dependencies, relative to the project directory. */
  readonly pathDependencies: PathDependency[];

  /**
   * The main group's dependencies (`[project] dependencies` and
   * `[tool.poetry.dependencies]` but python), which go into the image.
   * Dependency groups and optional dependencies do not.
   */
  readonly dependencies: MainDependency[];

  /** Dependency groups besides main, which stay out of the image. */
  readonly groups: DependencyGroups;
}

/** The names of a project's dependency groups other than main. */
export interface DependencyGroups {
  /** `[tool.poetry.group.<name>]`, and `dev` for `[tool.poetry.dev-dependencies]`. */
  readonly poetry: string[];

  /** PEP 735 `[dependency-groups]`, which Poetry reads from 2.2 on. */
  readonly standard: string[];
}

type Table = Record<string, unknown>;

function table(value: unknown): Table {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Table)
    : {};
}

function lineOf(text: string, pattern: RegExp): number | undefined {
  const index = text.split(/\r?\n/).findIndex((line) => pattern.test(line));
  return index === -1 ? undefined : index + 1;
}

/** Parses TOML text, with an error naming the file and line on failure. */
export function parseToml(text: string, file: string): Table {
  try {
    return parse(text) as Table;
  } catch (e) {
    if (e instanceof TomlError) {
      const reason = e.message.split("\n")[0];
      throw new Error(
        `${file}:${e.line}:${e.column}: invalid TOML: ${reason}. Fix the file, then run "npx projen" again.`,
      );
    }
    throw e;
  }
}

/** Reads the facts from pyproject.toml text. */
export function readPyproject(text: string, file: string): PyprojectFacts {
  const doc = parseToml(text, file);
  const project = table(doc.project);
  const poetry = table(table(doc.tool).poetry);
  const deps = table(poetry.dependencies);

  return {
    file,
    name: stringOr(project.name) ?? stringOr(poetry.name),
    python: pythonConstraint(text, project, deps),
    packageMode: poetry["package-mode"] !== false,
    buildScript: poetry.build !== undefined,
    packages: packagesOf(poetry, file),
    packagesLine: lineOf(text, /^\s*packages\s*=/),
    readme: readmeOf(project.readme ?? poetry.readme),
    scripts: [
      ...Object.keys(table(project.scripts)),
      ...Object.keys(table(poetry.scripts)),
    ],
    pathDependencies: Object.values(deps).flatMap((spec) => {
      const path = stringOr(table(spec).path);
      return path === undefined
        ? []
        : [{ path, develop: table(spec).develop === true }];
    }),
    dependencies: mainDependencies(project, deps),
    groups: {
      poetry: [
        ...new Set([
          ...Object.keys(table(poetry.group)),
          ...("dev-dependencies" in poetry ? ["dev"] : []),
        ]),
      ],
      standard: Object.keys(table(doc["dependency-groups"])),
    },
  };
}

/** The normalised form of a distribution name (PEP 503). */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

const REQUIREMENT = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/;

function mainDependencies(project: Table, deps: Table): MainDependency[] {
  const fromProject = (
    Array.isArray(project.dependencies) ? project.dependencies : []
  ).flatMap((requirement) => {
    const match = REQUIREMENT.exec(stringOr(requirement) ?? "");
    return match ? [dependency(match[1], (match[2] ?? "").split(","))] : [];
  });
  const fromPoetry = Object.entries(deps)
    .filter(([name]) => name !== "python")
    .map(([name, spec]) => {
      const extras = table(spec).extras;
      return dependency(name, Array.isArray(extras) ? extras : []);
    });
  return [...fromProject, ...fromPoetry];
}

function dependency(name: string, extras: unknown[]): MainDependency {
  return {
    name: normaliseName(name),
    extras: extras
      .filter((e): e is string => typeof e === "string")
      .map((e) => e.trim())
      .filter((e) => e !== ""),
  };
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function pythonConstraint(
  text: string,
  project: Table,
  deps: Table,
): PyprojectFacts["python"] {
  const requires = stringOr(project["requires-python"]);
  if (requires !== undefined) {
    return {
      constraint: requires,
      line: lineOf(text, /^\s*requires-python\s*=/),
    };
  }
  const python = stringOr(deps.python) ?? stringOr(table(deps.python).version);
  if (python !== undefined) {
    return { constraint: python, line: lineOf(text, /^\s*python\s*=/) };
  }
  return undefined;
}

function packagesOf(poetry: Table, file: string): PackageSource[] | undefined {
  if (!Array.isArray(poetry.packages)) {
    return undefined;
  }
  return poetry.packages.map((entry, i) => {
    const include = stringOr(table(entry).include);
    if (include === undefined) {
      throw new Error(
        `${file}: tool.poetry.packages[${i}] has no "include"; give the package folder, e.g. { include = "my_app" }.`,
      );
    }
    const from = (stringOr(table(entry).from) ?? "").replace(/\/+$/, "");
    return { path: from ? `${from}/${include}` : include, from };
  });
}

function readmeOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === "string");
  }
  const file = stringOr(table(value).file);
  return file ? [file] : [];
}

/** The module name Poetry derives from a project name. */
export function moduleNameOf(projectName: string): string {
  return normaliseName(projectName).replace(/-/g, "_");
}

/**
 * Poetry's default package when none is declared: the module named after
 * the project, at the top level or under `src/`.
 */
export function defaultPackage(
  outdir: string,
  name: string,
): PackageSource | undefined {
  const module = moduleNameOf(name);
  for (const from of ["", "src"]) {
    for (const candidate of [module, `${module}.py`]) {
      const path = from ? `${from}/${candidate}` : candidate;
      if (existsSync(join(outdir, path))) {
        return { path, from };
      }
    }
  }
  return undefined;
}

/** Reads pyproject.toml from a directory, or undefined when there is none. */
export function tryReadPyprojectFile(outdir: string): string | undefined {
  const path = join(outdir, "pyproject.toml");
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}
