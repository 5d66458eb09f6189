import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import type { PackageSource } from "./pyproject";

/** Names of top-level files and folders that are tests or tooling. */
const NOT_APP_CODE =
  /^(tests?|testing|docs?|conftest\.py|setup\.py|noxfile\.py|tasks\.py|test_.*\.py|.*_test\.py)$/;

/** Where the app's Python code lives, as the image needs to know it. */
export class AppLayout {
  constructor(
    /** The project directory, the Docker build context. */
    public readonly outdir: string,
    /** The root packages, empty for an app without a package of its own. */
    public readonly packages: readonly PackageSource[],
  ) {}

  /**
   * The top-level modules (`*.py`) and packages (folders with
   * `__init__.py`) of an app without a package of its own, leaving out
   * tests and tooling files.
   */
  public topLevelCode(): string[] {
    return this.entries("")
      .filter((name) => !NOT_APP_CODE.test(name))
      .filter((name) =>
        this.isDirectory(name)
          ? this.exists(`${name}/__init__.py`)
          : name.endsWith(".py"),
      );
  }

  /** Python files worth searching for an app object, package files first. */
  public candidateFiles(names: readonly string[]): string[] {
    const inPackages = this.packages.flatMap((pkg) =>
      pkg.path.endsWith(".py")
        ? [pkg.path]
        : names.map((name) => `${pkg.path}/${name}`),
    );
    return [...inPackages, ...names].filter(
      (path) => this.exists(path) && !this.isDirectory(path),
    );
  }

  /** The dotted module name of a Python file of the project. */
  public moduleOf(path: string): string {
    const pkg = this.packages.find(
      (p) => path === p.path || path.startsWith(`${p.path}/`),
    );
    const relative = pkg && pkg.from ? path.slice(pkg.from.length + 1) : path;
    return relative
      .replace(/\.py$/, "")
      .replace(/\/__init__$/, "")
      .split("/")
      .join(".");
  }

  /** Top-level folders holding a file of this name, such as `wsgi.py`. */
  public foldersWith(file: string): string[] {
    const roots = ["", ...new Set(this.packages.map((p) => p.from))];
    return roots.flatMap((root) =>
      this.entries(root)
        .map((name) => (root ? `${root}/${name}` : name))
        .filter(
          (dir) => this.isDirectory(dir) && this.exists(`${dir}/${file}`),
        ),
    );
  }

  public exists(path: string): boolean {
    return existsSync(join(this.outdir, path));
  }

  public read(path: string): string {
    return readFileSync(join(this.outdir, path), "utf8");
  }

  private isDirectory(path: string): boolean {
    return statSync(join(this.outdir, path)).isDirectory();
  }

  private entries(dir: string): string[] {
    const path = join(this.outdir, dir);
    if (!existsSync(path)) return [];
    return readdirSync(path)
      .filter((name) => !name.startsWith("."))
      .sort();
  }
}
