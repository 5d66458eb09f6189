/**
 * Wheels for the local package index of part 3: tiny packages, each
 * carrying a file of random bytes so that a download of it shows in the
 * build time and in the bytes served. They are built offline with the
 * builder stand-in's Poetry (`poetry build -f wheel`).
 */
import { createHash, randomBytes } from "crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { runInBuilder } from "../test/engine/engine";

/** A built wheel. */
export interface Wheel {
  /** The project name, such as `benchdep-a`. */
  readonly name: string;
  readonly version: string;
  /** The wheel's file name. */
  readonly file: string;
  /** Its absolute path. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** What to build: these names, each in these versions. */
export interface WheelSpec {
  readonly names: readonly string[];
  readonly versions: readonly string[];
  /** Random bytes in each package's data file. */
  readonly payloadBytes: number;
}

/**
 * Builds every name in every version, in one run of the builder stand-in,
 * under `dir`; returns the wheels.
 */
export function buildWheels(dir: string, spec: WheelSpec): Wheel[] {
  const projects: string[] = [];
  for (const name of spec.names) {
    for (const version of spec.versions) {
      projects.push(writeProject(dir, name, version, spec.payloadBytes));
    }
  }
  runInBuilder(dir, [
    "sh",
    "-c",
    'for d in */; do (cd "$d" && poetry build -q -f wheel) || exit 1; done',
  ]);
  return projects.flatMap((project) => wheelsIn(join(dir, project)));
}

/** Writes one Poetry project and returns its folder name. */
function writeProject(
  dir: string,
  name: string,
  version: string,
  payloadBytes: number,
): string {
  const folder = `${name}-${version}`;
  const module = name.replace(/-/g, "_");
  mkdirSync(join(dir, folder, module), { recursive: true });
  writeFileSync(
    join(dir, folder, "pyproject.toml"),
    [
      "[tool.poetry]",
      `name = "${name}"`,
      `version = "${version}"`,
      'description = "A benchmark dependency with a random payload"',
      'authors = ["bench <bench@example.com>"]',
      "",
      "[tool.poetry.dependencies]",
      'python = "^3.11"',
      "",
      "[build-system]",
      'requires = ["poetry-core>=1.0.0"]',
      'build-backend = "poetry.core.masonry.api"',
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, folder, module, "__init__.py"),
    `VERSION = "${version}"\n`,
  );
  // random bytes do not compress, so the wheel is as large as the payload
  writeFileSync(
    join(dir, folder, module, "payload.bin"),
    randomBytes(payloadBytes),
  );
  return folder;
}

function wheelsIn(project: string): Wheel[] {
  const dist = join(project, "dist");
  return readdirSync(dist)
    .filter((file) => file.endsWith(".whl"))
    .map((file) => {
      const path = join(dist, file);
      const content = readFileSync(path);
      const [module, version] = file.split("-");
      return {
        name: module.replace(/_/g, "-"),
        version,
        file,
        path,
        bytes: content.length,
        sha256: createHash("sha256").update(content).digest("hex"),
      };
    });
}
