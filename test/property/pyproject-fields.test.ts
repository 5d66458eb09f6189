import { mkdirSync, rmSync, writeFileSync } from "fs";
import { isAbsolute, join, normalize } from "path";
import fc from "fast-check";
import { copyPaths, execArgs, flags, readInstructions } from "./docker-reading";
import { hostileString, nearlyPlainString } from "./hostile";
import { expectRefusal } from "./refusals";
import { renderImage } from "./synth";
import { stringify } from "../../src/poetry/toml";
import { appDir } from "../image/app";

const anyText = fc.oneof(
  hostileString,
  nearlyPlainString,
  fc.stringMatching(/^[a-z][a-z0-9_ -]{0,10}$/),
);

/**
 * A refusal either names pyproject.toml, or comes from the Dockerfile
 * model: then it names the instruction the value would have gone into, not
 * its field, and quotes the value.
 */
function expectPyprojectRefusal(error: unknown, values: string[]): void {
  expect(error).toBeInstanceOf(Error);
  if (!(error as Error).message.includes("pyproject.toml")) {
    expectRefusal(error, /^(?:COPY path|CMD\[0\]) /, values);
  }
}

/** A pyproject.toml field that reaches the Dockerfile. */
interface FieldCase {
  readonly field: string;
  /** The pyproject.toml content with `value` in the field. */
  readonly pyproject: (value: string) => Record<string, unknown>;
  /** Folders the project needs for `value` to be accepted. */
  readonly folders: (value: string) => string[];
  /** The path the value becomes, which a refusal may quote instead. */
  readonly path?: (value: string) => string;
  /** What the Dockerfile must hold for `value`. */
  readonly readBack: (dockerfile: string, value: string) => void;
}

const POETRY = {
  name: "hello",
  version: "0.1.0",
  dependencies: { python: "^3.11" },
  scripts: { greet: "hello.cli:main" },
};

/** The build-context paths of every COPY without --from. */
function contextCopies(dockerfile: string): string[][] {
  return readInstructions(dockerfile)
    .filter((i) => i.getKeyword() === "COPY" && flags(i).length === 0)
    .map(copyPaths);
}

/** A package or dependency path as the image plan cleans it. */
function cleanPath(path: string): string {
  return normalize(path).replace(/\/+$/, "");
}

function expectCopied(dockerfile: string, path: string): void {
  const clean = cleanPath(path);
  expect(contextCopies(dockerfile)).toContainEqual([clean, `./${clean}`]);
}

/** Folders that can be created inside the project for a path. */
function inside(path: string): string[] {
  const clean = normalize(path);
  return clean.startsWith("..") || isAbsolute(clean) ? [] : [clean];
}

const CASES: FieldCase[] = [
  {
    field: "script name",
    pyproject: (v) => ({
      tool: { poetry: { ...POETRY, scripts: { [v]: "hello.cli:main" } } },
    }),
    folders: () => ["hello"],
    readBack: (dockerfile, v) => {
      const cmd = readInstructions(dockerfile).pop()!;
      expect(execArgs(cmd.getRawArgumentsContent()!)).toEqual([v]);
    },
  },
  {
    field: "packages include",
    pyproject: (v) => ({
      tool: { poetry: { ...POETRY, packages: [{ include: v }] } },
    }),
    folders: inside,
    path: cleanPath,
    readBack: expectCopied,
  },
  {
    field: "packages from",
    pyproject: (v) => ({
      tool: {
        poetry: { ...POETRY, packages: [{ include: "hello", from: v }] },
      },
    }),
    folders: (v) => inside(`${v}/hello`),
    path: (v) => cleanPath(`${v}/hello`),
    readBack: (dockerfile, v) => expectCopied(dockerfile, `${v}/hello`),
  },
  {
    field: "readme",
    pyproject: (v) => ({ tool: { poetry: { ...POETRY, readme: v } } }),
    folders: () => ["hello"],
    readBack: expectCopied,
  },
  {
    field: "path dependency",
    pyproject: (v) => ({
      tool: {
        poetry: {
          ...POETRY,
          dependencies: { python: "^3.11", lib: { path: v } },
        },
      },
    }),
    folders: () => ["hello"],
    readBack: expectCopied,
  },
  {
    field: "project name",
    pyproject: (v) => ({ tool: { poetry: { ...POETRY, name: v } } }),
    folders: (v) => inside(v.toLowerCase().replace(/[-.]+/g, "_")),
    path: (v) => cleanPath(v.toLowerCase().replace(/[-.]+/g, "_")),
    readBack: (dockerfile, v) =>
      expectCopied(dockerfile, v.toLowerCase().replace(/[-.]+/g, "_")),
  },
];

function asUtf8(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

/** Writes the project for one value, leaving out folders it cannot hold. */
function projectDir(field: FieldCase, value: string): string {
  const dir = appDir({
    "pyproject.toml": stringify(field.pyproject(value)),
  });
  for (const folder of field.folders(value)) {
    try {
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, "__init__.py"), "");
    } catch {
      // a name the file system refuses stays missing, as it would be
    }
  }
  return dir;
}

describe("PoetryDockerImage with hostile pyproject.toml fields", () => {
  test.each(CASES.map((c) => [c.field, c]))(
    "a %s is either refused naming the value, or copied exactly",
    (_field, field) => {
      const check = (value: string): "refused" | "written" => {
        const dir = projectDir(field, value);
        try {
          const { files, error } = renderImage(dir, {});
          if (error !== undefined) {
            const path = field.path?.(value);
            expectPyprojectRefusal(
              error,
              path === undefined ? [value] : [value, path],
            );
            return "refused";
          }
          field.readBack(files!.Dockerfile, value);
          return "written";
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      };
      // a plain value is written and a newline refused, whatever the
      // random draw holds
      expect(check("lib_x")).toBe("written");
      expect(check("lib_x\nRUN evil")).toBe("refused");
      fc.assert(
        // the file holds text as UTF-8, so a lone surrogate is U+FFFD there
        fc.property(anyText.map(asUtf8), (value) => {
          check(value);
        }),
        { numRuns: 60 },
      );
    },
  );
});
