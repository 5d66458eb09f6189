/**
 * The comparison Dockerfiles: templates under `bench/recipes/`, filled with
 * an example's base images, source paths and path dependencies.
 */
import { readFileSync } from "fs";
import { join } from "path";
import type { Example } from "./examples";
import { parse } from "../src/poetry/toml";

/** The comparison recipes, by template file name. */
export const RECIPES = {
  commonRecipe: "common-recipe.Dockerfile",
  singleStage: "single-stage.Dockerfile",
} as const;

/** A recipe's name. */
export type RecipeName = keyof typeof RECIPES;

/** The base images a recipe is built on. */
export interface BaseImages {
  readonly builder: string;
  readonly runtime: string;
}

/** The recipe's Dockerfile for the example. */
export function renderRecipe(
  recipe: RecipeName,
  example: Example,
  images: BaseImages,
): string {
  const template = readFileSync(
    join(__dirname, "recipes", RECIPES[recipe]),
    "utf8",
  );
  const values: Record<string, string> = {
    BUILDER_IMAGE: images.builder,
    RUNTIME_IMAGE: images.runtime,
    COPY_SOURCES: copyLines(example.sources),
    COPY_PATH_DEPENDENCIES: copyLines(pathDependencies(example.dir)),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) {
      throw new Error(`${RECIPES[recipe]}: unknown placeholder {{${key}}}`);
    }
    return values[key];
  });
}

function copyLines(paths: readonly string[]): string {
  return paths.map((path) => `COPY ${path} ./${path}`).join("\n");
}

/** The `path` of each path dependency in the example's pyproject.toml. */
export function pathDependencies(dir: string): string[] {
  const pyproject = parse(
    readFileSync(join(dir, "pyproject.toml"), "utf8"),
  ) as { tool?: { poetry?: { dependencies?: Record<string, unknown> } } };
  const dependencies = pyproject.tool?.poetry?.dependencies ?? {};
  return Object.values(dependencies)
    .map((spec) => (spec as { path?: unknown } | undefined)?.path)
    .filter((path): path is string => typeof path === "string");
}
