import { chmodSync, existsSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { Component } from "projen";
import type { Project } from "projen";
import { DockerIgnore } from "./dockerfile/docker-ignore";
import { Dockerfile } from "./dockerfile/dockerfile";
import { addBuildTasks } from "./image/build-tasks";
import { writeStages } from "./image/dockerfile-recipe";
import { ignorePatterns } from "./image/ignore-patterns";
import type { PoetryDockerImageOptions } from "./image/image-options";
import { formatProblems, planImage } from "./image/image-plan";
import type { ImagePlan } from "./image/image-plan";
import { secretWarnings, validateOptions } from "./image/validate-options";
import { DRIFT_ONLY_ENV } from "./integrity/drift-check";
import { PoetryToml } from "./poetry/poetry-toml";

/**
 * A container image for the Poetry app in a projen project. Writes a
 * multi-stage Dockerfile, a .dockerignore and poetry.toml as drift-checked
 * files, and adds a `docker:build` task.
 *
 * The pyproject.toml is read at synth time: from projen's in-memory file
 * when projen manages it, else from the project directory.
 */
export class PoetryDockerImage extends Component {
  /** The Dockerfile, unless taken over through `unmanagedFiles`. */
  public readonly dockerfile?: Dockerfile;

  /** The .dockerignore, unless taken over through `unmanagedFiles`. */
  public readonly dockerignore?: DockerIgnore;

  /** The poetry.toml, unless taken over through `unmanagedFiles`. */
  public readonly poetryToml?: PoetryToml;

  /** The image name the `docker:build` task builds. */
  public readonly imageName: string;

  private readonly options: PoetryDockerImageOptions;
  private plan?: ImagePlan;

  constructor(project: Project, options: PoetryDockerImageOptions = {}) {
    // checked before joining the project, so a refusal leaves nothing behind
    const problems = validateOptions(options);
    if (problems.length > 0) {
      throw new Error(formatProblems(problems));
    }
    super(project, "PoetryDockerImage");
    for (const warning of secretWarnings(options)) {
      project.logger.warn(warning);
    }
    this.options = options;
    this.imageName = options.imageName ?? `${dockerName(project.name)}:latest`;

    const unmanaged = new Set(options.unmanagedFiles ?? []);
    const hint = (file: string) =>
      `add "${file}" to the unmanagedFiles option of PoetryDockerImage.`;
    if (!unmanaged.has("Dockerfile")) {
      this.dockerfile = new PlannedDockerfile(project, hint("Dockerfile"), () =>
        writeStages(this.dockerfile!, this.resolvePlan()),
      );
    }
    if (!unmanaged.has(".dockerignore")) {
      this.dockerignore = new PlannedDockerIgnore(
        project,
        hint(".dockerignore"),
        () => this.dockerignore!.exclude(...ignorePatterns(this.resolvePlan())),
      );
    }
    if (!unmanaged.has("poetry.toml")) {
      this.poetryToml = new PoetryToml(project, {
        takeOverHint: hint("poetry.toml"),
      });
    } else {
      // projen's own Poetry support would overwrite the file you took over
      project.tryRemoveFile("poetry.toml");
    }

    addBuildTasks(project, this.imageName);
  }

  /**
   * Takes files listed in `unmanagedFiles` off projen's manifest of
   * generated files, so that projen's cleanup does not delete a file the
   * user has just taken over.
   */
  public preSynthesize(): void {
    const taken = this.options.unmanagedFiles ?? [];
    const manifest = join(this.project.outdir, ".projen", "files.json");
    if (
      taken.length === 0 ||
      process.env[DRIFT_ONLY_ENV] === "1" ||
      !existsSync(manifest)
    ) {
      return;
    }
    const data = JSON.parse(readFileSync(manifest, "utf8"));
    const files: string[] = data.files ?? [];
    const kept = files.filter((file) => !taken.includes(file));
    if (kept.length === files.length) {
      return;
    }
    chmodSync(manifest, 0o644);
    writeFileSync(
      manifest,
      JSON.stringify({ ...data, files: kept }, undefined, 2) + "\n",
    );
    for (const file of files.filter((f) => taken.includes(f))) {
      this.project.logger.info(
        `${file} is yours now: projen neither writes nor deletes it.`,
      );
    }
  }

  /** Reads pyproject.toml and resolves every choice, once per process. */
  private resolvePlan(): ImagePlan {
    if (this.plan === undefined) {
      this.plan = planImage(this.project, this.options);
    }
    return this.plan;
  }
}

/** A project name as an image name: lowercase, no characters Docker refuses. */
function dockerName(name: string): string {
  const clean = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  return clean || "app";
}

/** A Dockerfile whose stages are written on first render. */
class PlannedDockerfile extends Dockerfile {
  private planned = false;

  constructor(
    project: Project,
    takeOverHint: string,
    private readonly fill: () => void,
  ) {
    super(project, "Dockerfile", { takeOverHint });
  }

  protected renderBody(): string {
    if (!this.planned) {
      this.planned = true;
      this.fill();
    }
    return super.renderBody();
  }
}

/** A .dockerignore whose patterns are written on first render. */
class PlannedDockerIgnore extends DockerIgnore {
  private planned = false;

  constructor(
    project: Project,
    takeOverHint: string,
    private readonly fill: () => void,
  ) {
    super(project, ".dockerignore", { takeOverHint });
  }

  protected renderBody(): string {
    if (!this.planned) {
      this.planned = true;
      this.fill();
    }
    return super.renderBody();
  }
}
