import type { IConstruct } from "constructs";
import type { ObjectFile, Project } from "projen";
import { renderObjectFile } from "./in-memory-file";
import { parseToml } from "./pyproject";
import { stringify } from "./toml";
import { ManagedFile } from "../integrity/managed-file";
import type { ManagedFileOptions } from "../integrity/managed-file";

const FILE = "poetry.toml";

type Table = Record<string, unknown>;

/**
 * Settings this library needs in poetry.toml, so that a local
 * `poetry install` and the image's agree: the venv lives in the project
 * (`.venv`, which the Dockerfile copies) and is always created.
 */
const REQUIRED_SETTINGS: Table = {
  virtualenvs: { "in-project": true, create: true },
};

/**
 * Poetry's project-local configuration, drift-checked. When projen's own
 * Poetry support already writes a poetry.toml, that file is folded into
 * this one: its settings are kept, and this library's are added on top.
 *
 * @see https://python-poetry.org/docs/configuration/
 */
export class PoetryToml extends ManagedFile {
  private readonly absorbed?: ObjectFile;
  private readonly settings: Table;

  constructor(scope: IConstruct, options: ManagedFileOptions = {}) {
    const absorbed = takeProjenPoetryToml(scope as unknown as Project);
    super(scope, FILE, options);
    this.absorbed = absorbed;
    this.settings = structuredClone(REQUIRED_SETTINGS);
    if (absorbed) {
      // projen keeps its poetry.toml out of git; this one is committed
      this.project.gitignore.include(`/${FILE}`);
    }
  }

  /** Sets a Poetry setting, such as `("installer", "parallel", false)`. */
  public set(section: string, key: string, value: unknown): void {
    const target = (this.settings[section] ??= {}) as Table;
    target[key] = value;
  }

  protected renderBody(): string {
    const merged = deepMerge(this.absorbedSettings(), this.settings);
    return stringify(merged);
  }

  private absorbedSettings(): Table {
    if (!this.absorbed) {
      return {};
    }
    const content = renderObjectFile(this.absorbed);
    return content ? parseToml(content, `projen's ${FILE}`) : {};
  }
}

/** Removes projen's own poetry.toml from the project, if it has one. */
function takeProjenPoetryToml(project: Project): ObjectFile | undefined {
  const existing = project.tryFindObjectFile(FILE);
  if (existing && !ManagedFile.isManagedFile(existing)) {
    project.tryRemoveFile(FILE);
    return existing;
  }
  return undefined;
}

function deepMerge(base: Table, top: Table): Table {
  const out: Table = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const below = out[key];
    const bothTables =
      typeof below === "object" &&
      below !== null &&
      !Array.isArray(below) &&
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value);
    out[key] = bothTables ? deepMerge(below as Table, value as Table) : value;
  }
  return out;
}
