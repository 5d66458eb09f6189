/**
 * Golden files: every bundled example, copied into the sandbox with its
 * committed files, is synthesized by the real projen CLI with the packed
 * library, and its generated files must come out exactly as committed.
 * `bash scripts/example.sh` regenerates them after a change.
 */
import { readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";
import { MANAGED_FILES } from "./fixtures";
import { describeRun, REPO_ROOT, Sandbox } from "./harness";

const EXAMPLES = join(REPO_ROOT, "examples");

/** Every file of a folder but node_modules and .venv, by relative path. */
function filesOf(dir: string, root = dir): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === ".venv") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      Object.assign(files, filesOf(path, root));
    } else {
      files[relative(root, path)] = readFileSync(path, "utf8");
    }
  }
  return files;
}

let sandbox: Sandbox;

beforeAll(() => {
  sandbox = Sandbox.create();
}, 600_000);

afterAll(() => {
  sandbox?.dispose();
});

const examples = readdirSync(EXAMPLES).filter((name) =>
  statSync(join(EXAMPLES, name, ".projenrc.ts"), {
    throwIfNoEntry: false,
  })?.isFile(),
);

describe("the bundled examples", () => {
  test("there are the six examples the README lists", () => {
    expect(examples.sort()).toEqual([
      "django-app",
      "fastapi-app",
      "hello",
      "path-dependency",
      "script-app",
      "src-layout",
    ]);
  });

  test.each(examples)(
    "examples/%s synthesizes through npx projen to its committed files, and npx projen drift passes",
    (example) => {
      const committed = filesOf(join(EXAMPLES, example));
      const project = sandbox.project(example, committed);

      const synth = project.projen();
      if (synth.code !== 0) {
        throw new Error(`npx projen failed:\n${describeRun(synth)}`);
      }
      for (const file of [...MANAGED_FILES, ".projen/tasks.json"]) {
        expect([file, project.read(file)]).toEqual([file, committed[file]]);
      }
      expect(project.projen(["drift"]).code).toBe(0);
    },
  );
});
