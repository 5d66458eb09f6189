/**
 * The harness of the integration tests: a sandbox folder outside the
 * repository where this package is installed from `npm pack`, next to the
 * projen, constructs, ts-node and typescript versions of the repository, and
 * temporary projen projects inside it that the real projen CLI drives.
 *
 * Node resolves `projen-poetry-docker` from a project's `.projenrc.ts` by
 * walking up to the sandbox's node_modules, so the projects use the packed
 * tarball, exactly as a user's project would.
 */
import { spawnSync } from "child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import { delimiter, dirname, join, relative } from "path";

/** The repository root. */
export const REPO_ROOT = join(__dirname, "..", "..");

/** The packages a sandbox installs from the repository's own node_modules versions. */
const PINNED_FROM_REPO = [
  "projen",
  "constructs",
  "ts-node",
  "typescript",
  "@types/node",
];

/**
 * ts-node settings for a fast synth: transpile only, no type check. TypeScript
 * 6 refuses the legacy defaults ts-node would otherwise pass, hence the
 * explicit options. Used for the bootstrap and for every run that does not
 * ask for `typeCheck`.
 */
const FAST_TS_NODE_ENV = {
  TS_NODE_TRANSPILE_ONLY: "true",
  TS_NODE_COMPILER_OPTIONS: JSON.stringify({
    module: "commonjs",
    target: "es2022",
    ignoreDeprecations: "6.0",
  }),
};

/** What a command did. */
export interface RunResult {
  /** The command line, for messages. */
  readonly command: string;
  /** The exit code, or null when a signal ended the process. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together. */
  readonly output: string;
}

/** Options of one projen run. */
export interface RunOptions {
  /**
   * Run `.projenrc.ts` with the project's own ts-node settings, which type
   * check it against the installed package's declarations. Slower.
   *
   * @default false - transpile only
   */
  readonly typeCheck?: boolean;

  /** Extra environment variables. */
  readonly env?: Record<string, string>;
}

/** One file's state, for before-and-after comparisons. */
export interface FileSnapshot {
  readonly content: string;
  readonly mtimeMs: number;
  /** Permission bits in octal, such as "444". */
  readonly mode: string;
}

/** Run `command args...` and capture everything; never throws on failure. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 180_000,
): RunResult {
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(
      `could not run ${command} ${args.join(" ")} in ${cwd}: ${result.error.message}`,
    );
  }
  const stdout = result.stdout ?? "";
  const stderr = result.stderr ?? "";
  return {
    command: [command, ...args].join(" "),
    code: result.status,
    stdout,
    stderr,
    output: `${stdout}\n${stderr}`,
  };
}

/** A short description of a run, for failure messages. */
export function describeRun(result: RunResult): string {
  return `$ ${result.command}\nexit code: ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

/** Throws with the run's output unless it exited with code 0. */
export function assertSucceeded(result: RunResult): RunResult {
  if (result.code !== 0) {
    throw new Error(`expected success:\n${describeRun(result)}`);
  }
  return result;
}

/** Permission bits of a stat mode, in octal. */
function permissions(mode: number): string {
  return (mode % 0o1000).toString(8);
}

function repoVersion(pkg: string): string {
  const manifest = join(REPO_ROOT, "node_modules", pkg, "package.json");
  if (!existsSync(manifest)) {
    throw new Error(
      `${pkg} is not installed in ${REPO_ROOT}/node_modules; run npm install first.`,
    );
  }
  return JSON.parse(readFileSync(manifest, "utf8")).version;
}

function newestMtime(dir: string, suffix: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestMtime(path, suffix));
    } else if (entry.name.endsWith(suffix)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/**
 * Variables a command must not inherit from jest: NODE_ENV=test puts projen
 * in its own test mode (logging off, and a temporary outdir for a project
 * outside the temp folder); the others change what projen or ts-node do.
 */
const INHERITED_UNSET =
  /^(PROJEN_|TS_NODE_|JEST_|NODE_ENV$|NODE_OPTIONS$|DEBUG$)/;

/** The base environment of every command: nothing jest, projen or ts-node specific. */
function cleanEnv(binDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (INHERITED_UNSET.test(key)) {
      continue;
    }
    env[key] = value;
  }
  env.PATH = `${binDir}${delimiter}${process.env.PATH ?? ""}`;
  env.FORCE_COLOR = "0";
  env.NO_COLOR = "1";
  env.npm_config_update_notifier = "false";
  env.npm_config_fund = "false";
  env.npm_config_audit = "false";
  env.npm_config_prefer_offline = "true";
  return env;
}

/**
 * A folder under the system temp folder with this package (from `npm pack`)
 * and the tools a projen project needs, installed once.
 */
export class Sandbox {
  /**
   * Packs the compiled library and installs it in a new sandbox. Needs
   * `lib/` to be compiled.
   */
  public static create(): Sandbox {
    const libIndex = join(REPO_ROOT, "lib", "index.js");
    if (!existsSync(libIndex)) {
      throw new Error(
        `${libIndex} is missing: run npx projen compile first (the integration tests install the compiled package).`,
      );
    }
    const srcNewest = newestMtime(join(REPO_ROOT, "src"), ".ts");
    const libNewest = newestMtime(join(REPO_ROOT, "lib"), ".js");
    if (srcNewest > libNewest) {
      // eslint-disable-next-line no-console
      console.warn(
        "src/ is newer than lib/: the integration tests run the compiled lib/. Run npx projen compile to test your latest changes.",
      );
    }

    const root = mkdtempSync(join(tmpdir(), "ppd-integration-"));
    try {
      const env = cleanEnv(join(root, "node_modules", ".bin"));
      const pack = run(
        "npm",
        ["pack", "--json", "--pack-destination", root],
        REPO_ROOT,
        env,
      );
      if (pack.code !== 0) {
        throw new Error(`npm pack failed:\n${describeRun(pack)}`);
      }
      const tarball: string = JSON.parse(pack.stdout)[0].filename;
      if (!existsSync(join(root, tarball))) {
        throw new Error(
          `npm pack reported ${tarball}, but ${root} has no such file.`,
        );
      }

      const dependencies: Record<string, string> = {
        "projen-poetry-docker": `file:./${tarball}`,
      };
      for (const pkg of PINNED_FROM_REPO) {
        dependencies[pkg] = repoVersion(pkg);
      }
      writeFileSync(
        join(root, "package.json"),
        JSON.stringify(
          {
            name: "ppd-integration-sandbox",
            private: true,
            version: "0.0.0",
            dependencies,
          },
          null,
          2,
        ),
      );
      const install = run(
        "npm",
        [
          "install",
          "--prefer-offline",
          "--no-audit",
          "--no-fund",
          "--loglevel=error",
        ],
        root,
        env,
        600_000,
      );
      if (install.code !== 0) {
        throw new Error(
          `npm install in the sandbox failed:\n${describeRun(install)}`,
        );
      }
      const sandbox = new Sandbox(root);
      for (const bin of [sandbox.projenBin, sandbox.tsNodeBin]) {
        if (!existsSync(bin)) {
          throw new Error(`the sandbox install has no ${bin}.`);
        }
      }
      return sandbox;
    } catch (e) {
      rmSync(root, { recursive: true, force: true });
      throw e;
    }
  }

  public readonly binDir: string;
  public readonly projenBin: string;
  public readonly tsNodeBin: string;
  private readonly projectsDir: string;
  private count = 0;

  private constructor(public readonly root: string) {
    this.binDir = join(root, "node_modules", ".bin");
    this.projenBin = join(this.binDir, "projen");
    this.tsNodeBin = join(this.binDir, "ts-node");
    this.projectsDir = join(root, "projects");
    mkdirSync(this.projectsDir, { recursive: true });
  }

  /** The environment of commands run in the sandbox. */
  public env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...cleanEnv(this.binDir), ...extra };
  }

  /** A new project folder inside the sandbox, holding `files`. */
  public project(name: string, files: Record<string, string>): TempProject {
    this.count += 1;
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40);
    const dir = join(
      this.projectsDir,
      `${String(this.count).padStart(2, "0")}-${slug}`,
    );
    mkdirSync(dir, { recursive: true });
    const project = new TempProject(this, dir);
    for (const [path, content] of Object.entries(files)) {
      project.write(path, content);
    }
    return project;
  }

  /** Removes the sandbox, unless PPD_KEEP_SANDBOX is set. */
  public dispose(): void {
    if (process.env.PPD_KEEP_SANDBOX) {
      // eslint-disable-next-line no-console
      console.log(`keeping the integration sandbox at ${this.root}`);
      return;
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A projen project in the sandbox. */
export class TempProject {
  constructor(
    private readonly sandbox: Sandbox,
    public readonly dir: string,
  ) {}

  /**
   * The first synth: runs `.projenrc.ts` directly, since `npx projen` needs
   * the `.projen/tasks.json` that this writes.
   */
  public bootstrap(env: Record<string, string> = {}): RunResult {
    return run(
      this.sandbox.tsNodeBin,
      [".projenrc.ts"],
      this.dir,
      this.sandbox.env({ ...FAST_TS_NODE_ENV, ...env }),
    );
  }

  /** `npx projen <args>`, with the sandbox's projen. */
  public projen(args: string[] = [], options: RunOptions = {}): RunResult {
    const env = this.sandbox.env({
      ...(options.typeCheck ? {} : FAST_TS_NODE_ENV),
      ...options.env,
    });
    return run(this.sandbox.projenBin, args, this.dir, env);
  }

  public path(file: string): string {
    return join(this.dir, file);
  }

  public exists(file: string): boolean {
    return existsSync(this.path(file));
  }

  public read(file: string): string {
    return readFileSync(this.path(file), "utf8");
  }

  /** Writes a file, even over a read-only generated one. */
  public write(file: string, content: string): void {
    const path = this.path(file);
    mkdirSync(dirname(path), { recursive: true });
    if (existsSync(path)) {
      chmodSync(path, 0o644);
    }
    writeFileSync(path, content);
  }

  /** Rewrites a file through `edit`, failing if the edit changes nothing. */
  public edit(file: string, edit: (content: string) => string): string {
    const before = this.read(file);
    const after = edit(before);
    if (after === before) {
      throw new Error(`the edit of ${file} changed nothing`);
    }
    this.write(file, after);
    return after;
  }

  public remove(file: string): void {
    unlinkSync(this.path(file));
  }

  /** The file's permission bits in octal, such as "444". */
  public mode(file: string): string {
    return permissions(statSync(this.path(file)).mode);
  }

  public chmod(file: string, mode: number): void {
    chmodSync(this.path(file), mode);
  }

  /**
   * Sets every file's modification time to a day long past, so that any
   * later write shows in a snapshot, however coarse the clock.
   */
  public ageFiles(): void {
    const past = new Date("2001-02-03T04:05:06Z");
    for (const file of this.files()) {
      utimesSync(this.path(file), past, past);
    }
  }

  /** Every file in the project, relative to it, sorted. */
  public files(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          walk(path);
        } else {
          found.push(relative(this.dir, path));
        }
      }
    };
    walk(this.dir);
    return found.sort();
  }

  /** Content, modification time and mode of every file in the project. */
  public snapshot(): Record<string, FileSnapshot> {
    const snapshot: Record<string, FileSnapshot> = {};
    for (const file of this.files()) {
      const stat = lstatSync(this.path(file));
      snapshot[file] = {
        content: this.read(file),
        mtimeMs: stat.mtimeMs,
        mode: permissions(stat.mode),
      };
    }
    return snapshot;
  }
}
