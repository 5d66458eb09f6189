import {
  arePlainPaths,
  assertPath,
  assertSingleLine,
  assertVariableName,
  execForm,
  quoteWord,
} from "./escaping";

/** Options of a build stage. */
export interface DockerfileStageOptions {
  /**
   * The base image, pinned by tag or digest (`python:3.12.7-slim-bookworm`).
   */
  readonly from: string;

  /**
   * The stage's name, for `COPY --from` in later stages.
   *
   * @default - an unnamed stage
   */
  readonly name?: string;
}

/** A BuildKit cache mount for a RUN instruction. */
export interface CacheMount {
  /** The absolute path where the cache is mounted. */
  readonly target: string;

  /**
   * Cache id, shared by every mount with the same id.
   *
   * @default - the target path
   */
  readonly id?: string;

  /**
   * Whether concurrent builds share the cache (`shared`) or take turns
   * (`locked`).
   *
   * @default "locked"
   */
  readonly sharing?: string;
}

/** Options of a RUN instruction. */
export interface RunOptions {
  /**
   * Cache mounts for the command's download caches.
   *
   * @see https://docs.docker.com/reference/dockerfile/#run---mounttypecache
   * @default - none
   */
  readonly cacheMounts?: CacheMount[];
}

/** Options of a COPY instruction. */
export interface CopyOptions {
  /**
   * A stage or image to copy from, instead of the build context.
   *
   * @default - the build context
   */
  readonly from?: string;

  /**
   * Owner of the copied files, as `user` or `user:group`.
   *
   * @default - root
   */
  readonly chown?: string;
}

/** Options of a HEALTHCHECK instruction. */
export interface HealthcheckOptions {
  /** @default "30s" */
  readonly interval?: string;
  /** @default "30s" */
  readonly timeout?: string;
  /** @default "0s" */
  readonly startPeriod?: string;
  /** @default 3 */
  readonly retries?: number;
}

/** One line of the stage, as rendered. */
interface Instruction {
  readonly keyword: string;
  readonly text: string;
}

// a registry port must be followed by a path, or Docker reads it as a tag
const IMAGE_REFERENCE =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+(?=\/))?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/;
const USER_SPEC =
  /^(?:[a-z_][a-z0-9_-]*|[0-9]+)(?::(?:[a-z_][a-z0-9_-]*|[0-9]+))?$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const DURATION = /^[0-9]+(?:ms|s|m|h)$/;

/**
 * One build stage of a Dockerfile: a base image and the instructions run on
 * it. Each method validates its values and refuses anything that could
 * break out of the instruction it writes.
 */
export class DockerfileStage {
  /** The stage's name, when it has one. */
  public readonly name?: string;

  /** The base image. */
  public readonly from: string;

  private readonly instructions: Instruction[] = [];

  constructor(options: DockerfileStageOptions) {
    if (!IMAGE_REFERENCE.test(options.from)) {
      throw new Error(
        `base image ${JSON.stringify(options.from)} is not an image reference; ` +
          'expected "name:tag" or "registry/name:tag@sha256:digest".',
      );
    }
    if (options.name !== undefined && !STAGE_NAME.test(options.name)) {
      throw new Error(
        `stage name ${JSON.stringify(options.name)} is invalid; use lowercase ` +
          "letters, digits, '.', '_' and '-', starting with a letter.",
      );
    }
    this.from = options.from;
    this.name = options.name;
  }

  /** Declares a build argument, with an optional default. */
  public arg(name: string, defaultValue?: string): DockerfileStage {
    assertVariableName(name, "ARG name");
    const value =
      defaultValue === undefined
        ? ""
        : `=${quoteWord(defaultValue, `ARG ${name}`)}`;
    return this.add("ARG", `${name}${value}`);
  }

  /**
   * Sets environment variables, taken literally. With `expand`, `$NAME`
   * references in the values are expanded by Docker (as in `PATH`).
   */
  public env(
    variables: Record<string, string>,
    expand = false,
  ): DockerfileStage {
    return this.addPairs("ENV", variables, expand);
  }

  /** Adds image labels. */
  public label(labels: Record<string, string>): DockerfileStage {
    for (const key of Object.keys(labels)) {
      if (!LABEL_KEY.test(key)) {
        throw new Error(
          `LABEL key ${JSON.stringify(key)} is invalid; use letters, digits, ` +
            "'.', '_', '/' and '-', such as org.opencontainers.image.title.",
        );
      }
    }
    return this.addPairs("LABEL", labels, false);
  }

  /** Sets the working directory, which must be an absolute path. */
  public workdir(path: string): DockerfileStage {
    assertPath(path, "WORKDIR");
    if (!path.startsWith("/") || !arePlainPaths([path])) {
      throw new Error(
        `WORKDIR ${JSON.stringify(path)} must be an absolute path of plain ` +
          "characters, such as /app.",
      );
    }
    return this.add("WORKDIR", path);
  }

  /**
   * Runs shell commands in one layer; several commands are joined with
   * `&&`, one per line. The commands are shell code and are written as
   * given: only what would break the instruction itself is refused.
   */
  public run(commands: string[], options: RunOptions = {}): DockerfileStage {
    if (commands.length === 0) {
      throw new Error("RUN needs at least one command.");
    }
    commands.forEach((command, i) => assertCommand(command, i));
    const mounts = (options.cacheMounts ?? []).map(renderCacheMount);
    const prefix = mounts.length > 0 ? `${mounts.join(" ")} ` : "";
    return this.add("RUN", prefix + commands.join(" \\\n    && "));
  }

  /** Copies files from the build context, or another stage, to `destination`. */
  public copy(
    sources: string[],
    destination: string,
    options: CopyOptions = {},
  ): DockerfileStage {
    if (sources.length === 0) {
      throw new Error(`COPY to ${destination} needs at least one source.`);
    }
    const paths = [...sources, destination];
    paths.forEach((path) => assertPath(path, "COPY path"));
    const flags: string[] = [];
    if (options.from !== undefined) {
      if (
        !STAGE_NAME.test(options.from) &&
        !IMAGE_REFERENCE.test(options.from)
      ) {
        throw new Error(
          `COPY --from ${JSON.stringify(options.from)} is not a stage or image.`,
        );
      }
      flags.push(`--from=${options.from}`);
    }
    if (options.chown !== undefined) {
      assertUser(options.chown, "COPY --chown");
      flags.push(`--chown=${options.chown}`);
    }
    const args = arePlainPaths(paths)
      ? paths.join(" ")
      : execForm(paths, "COPY");
    return this.add("COPY", [...flags, args].join(" "));
  }

  /** Sets the user (name, uid, or `user:group`) that later steps run as. */
  public user(user: string): DockerfileStage {
    assertUser(user, "USER");
    return this.add("USER", user);
  }

  /** Documents a port the container listens on. */
  public expose(port: number, protocol = "tcp"): DockerfileStage {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(
        `EXPOSE port ${port} must be an integer from 1 to 65535.`,
      );
    }
    if (protocol !== "tcp" && protocol !== "udp") {
      throw new Error(
        `EXPOSE protocol ${JSON.stringify(protocol)} must be "tcp" or "udp".`,
      );
    }
    return this.add(
      "EXPOSE",
      protocol === "tcp" ? `${port}` : `${port}/${protocol}`,
    );
  }

  /** Sets the entrypoint, in exec form. */
  public entrypoint(args: string[]): DockerfileStage {
    return this.add("ENTRYPOINT", execForm(args, "ENTRYPOINT"));
  }

  /** Sets the default command, in exec form. */
  public cmd(args: string[]): DockerfileStage {
    return this.add("CMD", execForm(args, "CMD"));
  }

  /** Adds a health check that runs `args` in exec form. */
  public healthcheck(
    args: string[],
    options: HealthcheckOptions = {},
  ): DockerfileStage {
    const flags: string[] = [];
    const durations: Array<[string, string | undefined]> = [
      ["interval", options.interval],
      ["timeout", options.timeout],
      ["start-period", options.startPeriod],
    ];
    for (const [flag, value] of durations) {
      if (value === undefined) continue;
      if (!DURATION.test(value)) {
        throw new Error(
          `HEALTHCHECK --${flag} ${JSON.stringify(value)} must be a duration such as 30s.`,
        );
      }
      flags.push(`--${flag}=${value}`);
    }
    if (options.retries !== undefined) {
      if (!Number.isInteger(options.retries) || options.retries < 1) {
        throw new Error(
          `HEALTHCHECK --retries ${options.retries} must be a positive integer.`,
        );
      }
      flags.push(`--retries=${options.retries}`);
    }
    const check = `CMD ${execForm(args, "HEALTHCHECK command")}`;
    return this.add("HEALTHCHECK", [...flags, check].join(" "));
  }

  /** The stage as Dockerfile text, FROM line first. */
  public render(): string {
    const alias = this.name === undefined ? "" : ` AS ${this.name}`;
    const lines = [`FROM ${this.from}${alias}`];
    for (const instruction of this.instructions) {
      lines.push(`${instruction.keyword} ${instruction.text}`);
    }
    return lines.join("\n");
  }

  private addPairs(
    keyword: string,
    pairs: Record<string, string>,
    expand: boolean,
  ): DockerfileStage {
    const entries = Object.entries(pairs);
    if (entries.length === 0) {
      return this;
    }
    const rendered = entries.map(([key, value]) => {
      if (keyword === "ENV") {
        assertVariableName(key, "ENV name");
      }
      return `${key}=${quoteWord(value, `${keyword} ${key}`, expand)}`;
    });
    return this.add(keyword, rendered.join(" \\\n    "));
  }

  private add(keyword: string, text: string): DockerfileStage {
    this.instructions.push({ keyword, text });
    return this;
  }
}

/**
 * Refuses a RUN command that would break its instruction: a blank one
 * (`&& &&`), one ending in a backslash, which Docker reads as a line
 * continuation that swallows the next instruction, and a first command
 * starting with "-", which Docker reads as a RUN flag.
 */
function assertCommand(command: string, index: number): void {
  const what = `RUN command ${index + 1}`;
  assertSingleLine(command, what);
  const problem = commandProblem(command, index === 0);
  if (problem !== undefined) {
    throw new Error(`${what} ${JSON.stringify(command)} ${problem}.`);
  }
}

function commandProblem(command: string, first: boolean): string | undefined {
  if (command.trim() === "") {
    return "is blank; remove it";
  }
  if (/\\ *$/.test(command)) {
    return (
      "ends with a backslash, which Docker would read as a line " +
      "continuation into the next instruction; remove it"
    );
  }
  if (first && command.trimStart().startsWith("-")) {
    return 'starts with "-", which Docker would read as a RUN flag; start with the program to run';
  }
  return undefined;
}

function assertUser(user: string, what: string): void {
  if (!USER_SPEC.test(user)) {
    throw new Error(
      `${what} ${JSON.stringify(user)} is invalid; expected a user name or ` +
        'uid, optionally with ":group", such as "app" or "10001:10001".',
    );
  }
}

function renderCacheMount(mount: CacheMount): string {
  assertPath(mount.target, "cache mount target");
  if (!mount.target.startsWith("/") || !arePlainPaths([mount.target])) {
    throw new Error(
      `cache mount target ${JSON.stringify(mount.target)} must be an absolute plain path.`,
    );
  }
  const parts = ["type=cache", `target=${mount.target}`];
  if (mount.id !== undefined) {
    if (!/^[A-Za-z0-9_.-]+$/.test(mount.id)) {
      throw new Error(
        `cache mount id ${JSON.stringify(mount.id)} may hold only letters, digits, '.', '_' and '-'.`,
      );
    }
    parts.push(`id=${mount.id}`);
  }
  const sharing = mount.sharing ?? "locked";
  if (!["shared", "private", "locked"].includes(sharing)) {
    throw new Error(
      `cache mount sharing ${JSON.stringify(sharing)} must be shared, private or locked.`,
    );
  }
  parts.push(`sharing=${sharing}`);
  return `--mount=${parts.join(",")}`;
}
