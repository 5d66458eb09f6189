import { existsSync, rmSync } from "fs";
import { join } from "path";
import { Testing } from "projen";
import { PoetryDockerImage } from "../../src";
import type { PoetryDockerImageOptions } from "../../src";
import { appDir } from "../image/app";
import { quietProject } from "../integrity/projects";

/** The files the construct writes. */
export const GENERATED = ["Dockerfile", ".dockerignore", "poetry.toml"];

/** What one synth produced: its files, or the error and what it left. */
export interface SynthOutcome {
  readonly files?: Record<string, any>;
  readonly error?: unknown;
  /** Generated files found on disk after a refusal. */
  readonly leftOnDisk: string[];
}

/**
 * Synthesizes a project holding `files` with a `PoetryDockerImage` of
 * `options` in a fresh temporary folder, which is removed afterwards.
 */
export function synthImage(
  files: Record<string, string>,
  options: PoetryDockerImageOptions,
): SynthOutcome {
  const dir = appDir(files);
  try {
    const project = quietProject(dir, "hello");
    new PoetryDockerImage(project, options);
    return { files: Testing.synth(project), leftOnDisk: [] };
  } catch (error) {
    const leftOnDisk = GENERATED.filter((f) => existsSync(join(dir, f)));
    return { error, leftOnDisk };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What one in-memory render produced: file contents and the build task. */
export interface RenderOutcome {
  readonly files?: Record<string, string>;
  readonly buildCommand?: string;
  readonly error?: unknown;
}

/**
 * Renders the construct's files in memory, without writing them, for a
 * project in `dir`. Faster than a synth, for properties that run often.
 */
export function renderImage(
  dir: string,
  options: PoetryDockerImageOptions,
): RenderOutcome {
  try {
    const project = quietProject(dir, "hello");
    const image = new PoetryDockerImage(project, options);
    const files: Record<string, string> = {};
    for (const file of [
      image.dockerfile,
      image.dockerignore,
      image.poetryToml,
    ]) {
      if (file !== undefined) {
        files[file.path] = file.generatedContent();
      }
    }
    const task = project.tasks.tryFind("docker:build")!;
    return { files, buildCommand: task.steps[0].exec };
  } catch (error) {
    return { error };
  }
}
