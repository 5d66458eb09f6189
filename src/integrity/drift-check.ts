import { existsSync, readFileSync } from "fs";
import { join, relative } from "path";
import { Component } from "projen";
import type { Project } from "projen";
import { formatDriftReport, isDrift } from "./drift-report";
import type { DriftEntry } from "./drift-report";
import { inspectFile, FileState } from "./file-state";
import type { ManagedFile } from "./managed-file";
import { MANAGED_FILE } from "./managed-file-symbol";
import { projenrcOf } from "./projenrc-name";

/**
 * Set by the `drift` task: the projenrc runs as usual, the check prints its
 * report, and the process exits before projen writes or deletes anything.
 */
export const DRIFT_ONLY_ENV = "PROJEN_DRIFT_CHECK_ONLY";

/** The name of the task that verifies managed files without writing. */
export const DRIFT_TASK = "drift";

const INSTANCE = Symbol.for("projen-poetry-docker.DriftCheck");

/** Thrown when a managed file was changed by hand; the message is the report. */
export class DriftError extends Error {
  constructor(report: string) {
    super(report);
    this.name = "DriftError";
    // the report is the whole story: a stack trace would only bury it
    this.stack = `${this.name}: ${report}`;
  }
}

/**
 * Verifies every managed file of a project tree before projen writes
 * anything, and adds the `drift` task that does the same without writing.
 * One instance lives on the root project and covers all subprojects, so a
 * hand edit anywhere stops the whole synth before any cleanup.
 */
export class DriftCheck extends Component {
  /** The check of `project`'s tree, created on its root on first use. */
  public static of(project: Project): DriftCheck {
    const root = project.root;
    const found = root.node.tryFindChild(INSTANCE.description!);
    return (found as DriftCheck | undefined) ?? new DriftCheck(root);
  }

  private constructor(root: Project) {
    super(root, INSTANCE.description!);
    root.addTask(DRIFT_TASK, {
      description:
        "Verify that no managed file was edited by hand, without writing anything",
      env: { [DRIFT_ONLY_ENV]: "1" },
      steps: [{ spawn: root.defaultTask?.name ?? "default" }],
    });
  }

  public preSynthesize(): void {
    const files = this.managedFiles();
    const entries = files.map((file) => this.inspect(file));
    const report = formatDriftReport(entries, projenrcOf(this.project));
    if (entries.some(isDrift)) {
      throw new DriftError(report);
    }
    if (process.env[DRIFT_ONLY_ENV] === "1") {
      this.exitAfterCheck(entries, report);
    }
    files.forEach((file, i) => this.logState(file, entries[i]));
  }

  /** In the `drift` task: report, and fail when a managed file is missing. */
  private exitAfterCheck(entries: DriftEntry[], report: string): never {
    const missing = entries.filter((e) => e.state === FileState.MISSING);
    if (missing.length === 0) {
      this.project.logger.info(report);
      process.exit(0);
    }
    const which = missing.map((e) => e.path).join(", ");
    this.project.logger.warn(
      `${report}\n\nNot written yet: ${which}. Run "npx projen" to write ` +
        `${missing.length === 1 ? "it" : "them"}.`,
    );
    process.exit(1);
  }

  /** A managed file with its state on disk. */
  private inspect(file: ManagedFile): DriftEntry {
    const onDisk = inspectFile(file.absolutePath);
    return {
      path: relative(this.project.outdir, file.absolutePath),
      state: onDisk.state,
      onDisk: onDisk.content,
      generated: file.generatedContent(),
      takeOverHint: file.takeOverHint,
    };
  }

  private managedFiles(): ManagedFile[] {
    return this.project.node
      .findAll()
      .filter(
        (c): c is ManagedFile =>
          (c as unknown as Record<symbol, unknown>)[MANAGED_FILE] === true,
      )
      .sort((a, b) => a.absolutePath.localeCompare(b.absolutePath));
  }

  private logState(file: ManagedFile, { path, state }: DriftEntry): void {
    const logger = this.project.logger;
    if (state === FileState.MISSING && wasWrittenBefore(file)) {
      logger.info(`${path} was missing; writing it again.`);
    } else if (state === FileState.MISSING) {
      logger.verbose(`${path} is new; writing it.`);
    } else if (state === FileState.ADOPTED) {
      logger.info(`${path} had no checksum; it is managed from now on.`);
    } else {
      logger.verbose(`${path} is intact.`);
    }
  }
}

/** Whether projen's manifest lists the file, so a synth wrote it before. */
function wasWrittenBefore(file: ManagedFile): boolean {
  const outdir = file.project.outdir;
  const manifest = join(outdir, ".projen", "files.json");
  if (!existsSync(manifest)) {
    return false;
  }
  const files: unknown = JSON.parse(readFileSync(manifest, "utf8")).files;
  return (
    Array.isArray(files) && files.includes(relative(outdir, file.absolutePath))
  );
}
