/**
 * Finds the bundled example apps the benchmark can build offline: every
 * folder under `examples/` with a generated Dockerfile, a pyproject.toml and
 * a poetry.lock whose packages all come from the project folder.
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "../src/poetry/toml";
import { docker } from "../test/engine/engine";

/** An example app the benchmark builds. */
export interface Example {
  readonly name: string;
  readonly dir: string;
  /** Source paths the generated runtime stage copies from the project. */
  readonly sources: string[];
  /** The image of the Dockerfile's first stage. */
  readonly builderImage: string;
  /** The image of the Dockerfile's last stage. */
  readonly runtimeImage: string;
}

/** An example left out, and why. */
export interface SkippedExample {
  readonly name: string;
  readonly reason: string;
}

/** The examples found under a folder, split into buildable and skipped. */
export interface ExampleList {
  readonly examples: Example[];
  readonly skipped: SkippedExample[];
}

/** Lists the example apps under `root`, in name order. */
export function findExamples(root: string): ExampleList {
  const examples: Example[] = [];
  const skipped: SkippedExample[] = [];
  const names = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const name of names) {
    const dir = join(root, name);
    const reason = skipReason(dir);
    if (reason === undefined) {
      const images = baseImages(dir);
      examples.push({
        name,
        dir,
        sources: runtimeSources(dir),
        builderImage: images[0],
        runtimeImage: images[images.length - 1],
      });
    } else {
      skipped.push({ name, reason });
    }
  }
  return { examples, skipped };
}

/** Why an example cannot be built offline; undefined when it can. */
export function skipReason(dir: string): string | undefined {
  const skipFile = join(dir, "bench.skip");
  if (existsSync(skipFile)) {
    return readFileSync(skipFile, "utf8").trim() || "bench.skip is present";
  }
  for (const file of ["Dockerfile", "pyproject.toml"]) {
    if (!existsSync(join(dir, file))) {
      return `no ${file}`;
    }
  }
  const missing = baseImages(dir).filter(
    (image) => docker(["image", "inspect", image]).status !== 0,
  );
  if (missing.length > 0) {
    return `base image ${missing.join(", ")} not in the engine, and nothing can be pulled offline`;
  }
  if (!existsSync(join(dir, "poetry.lock"))) {
    return "no poetry.lock";
  }
  const remote = indexPackages(readFileSync(join(dir, "poetry.lock"), "utf8"));
  if (remote.length > 0) {
    return `needs packages from an index, unreachable offline: ${remote.join(", ")}`;
  }
  if (runtimeSources(dir).length === 0) {
    return "the Dockerfile's last stage copies nothing from the project";
  }
  return undefined;
}

/**
 * The locked packages that do not come from the project folder: those
 * without a `directory` or `file` source.
 */
export function indexPackages(lock: string): string[] {
  const packages = (parse(lock).package ?? []) as {
    name: string;
    source?: { type?: string };
  }[];
  return packages
    .filter((p) => !["directory", "file"].includes(p.source?.type ?? ""))
    .map((p) => p.name);
}

/** The images the Dockerfile's stages start from, in order. */
export function baseImages(dir: string): string[] {
  return readFileSync(join(dir, "Dockerfile"), "utf8")
    .split("\n")
    .filter((line) => /^FROM\s/i.test(line))
    .map((line) => line.split(/\s+/)[1]);
}

/**
 * The project paths the last stage of the example's Dockerfile copies
 * (`COPY` without `--from`), such as `hello`.
 */
export function runtimeSources(dir: string): string[] {
  const lines = readFileSync(join(dir, "Dockerfile"), "utf8").split("\n");
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  return lines
    .slice(lastFrom + 1)
    .filter((line) => /^COPY\s/i.test(line) && !/--from=/.test(line))
    .flatMap((line) => {
      const args = line
        .replace(/^COPY\s+/i, "")
        .split(/\s+/)
        .filter((a) => !a.startsWith("--"));
      return args.slice(0, -1);
    });
}
