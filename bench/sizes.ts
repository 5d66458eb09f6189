/**
 * Part 1: the runtime image's size over its base, for the generated
 * Dockerfile, the common recipe and a single-stage build, against the lower
 * bound; plus the layer and file checks of each image.
 */
import { writeFileSync } from "fs";
import { join } from "path";
import type { Example } from "./examples";
import { layerCheck, unwantedFiles, venvContents } from "./image-probe";
import { projectName, sourceBytes, splitVenv } from "./lower-bound";
import type { VenvSplit } from "./lower-bound";
import { renderRecipe } from "./recipes";
import type { RecipeName } from "./recipes";
import type { Scratch } from "../test/engine/engine";
import { copyApp, imageSize } from "../test/engine/engine";

/** How one image was built and what it holds. */
export interface ImageFigures {
  readonly label: string;
  readonly size: number;
  /** The base it is compared with: the slim image, or the full one. */
  readonly base: string;
  readonly baseSize: number;
  readonly venv: VenvSplit;
  readonly unwanted: string[];
  /** Files more than one added layer writes; undefined when not checked. */
  readonly writtenTwice?: string[];
  /** Why a comparison recipe did not build; its figures are then NaN. */
  readonly failed?: string;
}

/** Part 1's figures for one example. */
export interface SizeFigures {
  readonly example: string;
  readonly slimSize: number;
  readonly generated: ImageFigures;
  readonly commonRecipe: ImageFigures;
  readonly singleStage: ImageFigures;
  readonly sourceBytes: number;
  /** slim base + runtime dependencies + source. */
  readonly lowerBound: number;
}

/** Builds the three images of the example and measures them. */
export function measureSizes(scratch: Scratch, example: Example): SizeFigures {
  const context = join(scratch.dir(`${example.name}-sizes`), example.name);
  copyApp(example.dir, context);
  const name = projectName(context);

  const generated = scratch.build(context, `${example.name}-generated`);
  const common = buildRecipe(scratch, example, context, "commonRecipe");
  const single = buildRecipe(scratch, example, context, "singleStage");

  const slimSize = imageSize(example.runtimeImage);
  const figures = (
    label: string,
    build: RecipeBuild,
    base: string,
    layers: boolean,
  ): ImageFigures => {
    if (build.tag === undefined) {
      return failedFigures(label, base, build.failed ?? "unknown");
    }
    return {
      label,
      size: imageSize(build.tag),
      base,
      baseSize: imageSize(base),
      venv: splitVenv(venvContents(build.tag), name),
      unwanted: unwantedFiles(build.tag),
      writtenTwice: layers
        ? layerCheck(build.tag, base).writtenTwice
        : undefined,
    };
  };
  const gen = figures("generated", generated, example.runtimeImage, true);
  const source = sourceBytes(context, example.sources);
  return {
    example: example.name,
    slimSize,
    generated: gen,
    commonRecipe: figures("common recipe", common, example.runtimeImage, true),
    singleStage: figures("single stage", single, example.builderImage, false),
    sourceBytes: source,
    lowerBound: slimSize + gen.venv.dependencies + source,
  };
}

/** A comparison build: its tag, or why it failed. */
interface RecipeBuild {
  readonly tag?: string;
  readonly failed?: string;
}

/** The figures of a comparison recipe that did not build. */
function failedFigures(
  label: string,
  base: string,
  failed: string,
): ImageFigures {
  const venv = splitVenv({ entries: {}, venv: NaN }, "");
  return { label, size: NaN, base, baseSize: NaN, venv, unwanted: [], failed };
}

/**
 * Writes the recipe's Dockerfile beside the context and builds it; a
 * recipe that fails for this app is a finding, not a broken benchmark.
 */
function buildRecipe(
  scratch: Scratch,
  example: Example,
  context: string,
  recipe: RecipeName,
): RecipeBuild {
  const dockerfile = join(scratch.dir(`${example.name}-${recipe}`), recipe);
  writeFileSync(
    dockerfile,
    renderRecipe(recipe, example, {
      builder: example.builderImage,
      runtime: example.runtimeImage,
    }),
  );
  const label = `${example.name}-${recipe.toLowerCase()}`;
  try {
    return { tag: scratch.build(context, label, ["--file", dockerfile]).tag };
  } catch (error) {
    return { failed: lastOutputLine((error as Error).message) };
  }
}

/** The last line a build step printed before it failed. */
function lastOutputLine(log: string): string {
  const lines = [...log.matchAll(/^#\d+ [\d.]+ (.*\S.*)$/gm)].map((m) => m[1]);
  return lines[lines.length - 1]?.trim() ?? "see the build log";
}
