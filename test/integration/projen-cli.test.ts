/**
 * Integration tests: the packed library in real projen projects, driven
 * through the real projen CLI (`npx projen`, `npx projen build`,
 * `npx projen drift`). See harness.ts for the sandbox.
 *
 * Most runs execute `.projenrc.ts` with ts-node in transpile-only mode for
 * speed; the runs marked `typeCheck` use the project's own ts-node settings,
 * which also type check the projenrc against the package's declarations.
 */
import {
  diffLine,
  escapeRegExp,
  expectedChecksum,
  fromVersion,
  helloApp,
  MANAGED_FILES,
  MARKER_LINE,
  plainProjenrc,
  pythonProjenrc,
  statusLine,
} from "./fixtures";
import type { ManagedFileName } from "./fixtures";
import { assertSucceeded, describeRun, Sandbox } from "./harness";
import type { RunResult, TempProject } from "./harness";

let sandbox: Sandbox;

beforeAll(() => {
  sandbox = Sandbox.create();
}, 600_000);

afterAll(() => {
  sandbox?.dispose();
});

function expectSuccess(result: RunResult): void {
  if (result.code !== 0) {
    throw new Error(`expected exit code 0:\n${describeRun(result)}`);
  }
  expect(result.code).toBe(0);
}

function expectFailure(result: RunResult): void {
  if (result.code === 0 || result.code === null) {
    throw new Error(`expected a non-zero exit code:\n${describeRun(result)}`);
  }
  expect(result.code).toBeGreaterThan(0);
}

/** The hello app with the construct, after its first synth. */
function helloProject(name: string, imageOptions = "{}"): TempProject {
  const project = sandbox.project(name, helloApp(imageOptions));
  assertSucceeded(project.bootstrap());
  return project;
}

/**
 * Runs of a Poetry PythonProject skip the post-synth steps: they would run
 * `poetry update`, which needs poetry and the network.
 */
const NO_POST = { PROJEN_DISABLE_POST: "true" };

describe("the library in a projen project", () => {
  test("npx projen writes the Dockerfile, .dockerignore and poetry.toml, each read-only with a marker line and its own checksum", () => {
    // a projen project that does not use the library yet
    const project = sandbox.project("adds the construct", helloApp(null));
    assertSucceeded(project.bootstrap());
    for (const file of MANAGED_FILES) {
      expect(project.exists(file)).toBe(false);
    }

    project.write(".projenrc.ts", plainProjenrc("{}"));
    const result = project.projen([], { typeCheck: true });

    expectSuccess(result);
    // a file written for the first time was never missing
    expect(result.output).not.toMatch(/was missing/);
    for (const file of MANAGED_FILES) {
      const content = project.read(file);
      const marker = MARKER_LINE.exec(content.split("\n")[0]);
      expect(marker).not.toBeNull();
      expect(marker![1]).toBe(expectedChecksum(content));
      expect(project.mode(file)).toBe("444");
    }
  });

  test("both FROM lines of the Dockerfile use one Python version, the newest supported one the pyproject.toml allows", () => {
    const project = helloProject("from lines");

    const result = project.projen();

    expectSuccess(result);
    const dockerfile = project.read("Dockerfile");
    const builder = fromVersion(dockerfile, "builder");
    const runtime = fromVersion(dockerfile, "runtime");
    // pyproject.toml says python = "^3.11"
    expect(builder).toMatch(/^3\.1[1-4]\.\d+$/);
    expect(runtime).toBe(builder);
    expect(dockerfile).toMatch(
      /^FROM python:3\.1[1-4]\.\d+-bookworm AS builder$/m,
    );
    expect(dockerfile).toMatch(
      /^FROM python:3\.1[1-4]\.\d+-slim-bookworm AS runtime$/m,
    );
  });

  test("npx projen drift exits 0, reports every managed file intact and writes nothing", () => {
    const project = helloProject("drift intact");
    project.ageFiles();
    const before = project.snapshot();

    const result = project.projen(["drift"], { typeCheck: true });

    expectSuccess(result);
    expect(result.output).toMatch(
      /Drift check: 3 managed files, none changed by hand\./,
    );
    for (const file of MANAGED_FILES) {
      expect(result.output).toMatch(statusLine("intact", file));
    }
    expect(project.snapshot()).toEqual(before);
  });

  test("the docker:build task in .projen/tasks.json runs docker build --tag with the project's image name", () => {
    const project = helloProject("docker build task");

    const tasks = JSON.parse(project.read(".projen/tasks.json")).tasks;

    expect(tasks["docker:build"]).toBeDefined();
    expect(tasks["docker:build"].env).toEqual({ DOCKER_BUILDKIT: "1" });
    expect(tasks["docker:build"].steps).toEqual([
      { exec: "docker build --tag hello:latest .", receiveArgs: true },
    ]);
  });

  test("a Poetry PythonProject's first synth, with no pyproject.toml or poetry.lock on disk, writes all three files", () => {
    const project = sandbox.project("python project first synth", {
      ".projenrc.ts": pythonProjenrc("^3.11"),
    });
    expect(project.exists("pyproject.toml")).toBe(false);

    const first = project.bootstrap(NO_POST);

    expectSuccess(first);
    expect(project.exists("poetry.lock")).toBe(false);
    for (const file of MANAGED_FILES) {
      expect(project.read(file)).toMatch(/checksum sha256:[0-9a-f]{16}$/m);
    }
    const dockerfile = project.read("Dockerfile");
    expect(fromVersion(dockerfile, "builder")).toMatch(/^3\.1[1-4]\.\d+$/);
    expect(fromVersion(dockerfile, "runtime")).toBe(
      fromVersion(dockerfile, "builder"),
    );
    expect(dockerfile).toMatch(/^CMD \["python", "-m", "pyapp"\]$/m);

    // the CLI, type checking the projenrc, agrees
    expectSuccess(project.projen(["--no-post"], { typeCheck: true }));
    const drift = project.projen(["drift"]);
    expectSuccess(drift);
    for (const file of MANAGED_FILES) {
      expect(drift.output).toMatch(statusLine("intact", file));
    }
  });

  test("a Poetry PythonProject's poetry.toml keeps projen's [repositories.testpypi] setting and adds in-project = true", () => {
    const project = sandbox.project("python project poetry toml", {
      ".projenrc.ts": pythonProjenrc("^3.11"),
    });
    assertSucceeded(project.bootstrap(NO_POST));

    const result = project.projen(["--no-post"]);

    expectSuccess(result);
    const poetryToml = project.read("poetry.toml");
    expect(poetryToml.split("\n")[0]).toMatch(MARKER_LINE);
    expect(poetryToml).toMatch(
      /^\[repositories\.testpypi\]\nurl = "https:\/\/test\.pypi\.org\/legacy\/"$/m,
    );
    expect(poetryToml).toMatch(/^\[virtualenvs\]$/m);
    expect(poetryToml).toMatch(/^in-project = true$/m);
    expect(poetryToml).toMatch(/^create = true$/m);
    // projen keeps its own poetry.toml out of git; this one is committed
    expect(project.read(".gitignore")).toMatch(/^!\/poetry\.toml$/m);
  });

  test("a Poetry PythonProject's Python version comes from projen's in-memory pyproject.toml, so a changed python dependency applies in the same synth", () => {
    const project = sandbox.project("python project in memory", {
      ".projenrc.ts": pythonProjenrc("^3.11"),
    });
    assertSucceeded(project.bootstrap(NO_POST));
    expect(project.read("pyproject.toml")).toMatch(/^\s*python = "\^3\.11"$/m);

    // the copy on disk still says ^3.11 while this synth plans the image
    project.write(".projenrc.ts", pythonProjenrc(">=3.12,<3.13"));
    const result = project.projen(["--no-post"]);

    expectSuccess(result);
    const dockerfile = project.read("Dockerfile");
    expect(fromVersion(dockerfile, "builder")).toMatch(/^3\.12\.\d+$/);
    expect(fromVersion(dockerfile, "runtime")).toBe(
      fromVersion(dockerfile, "builder"),
    );
    expect(project.read("pyproject.toml")).toMatch(
      /^\s*python = ">=3\.12,<3\.13"$/m,
    );
  });
});

interface HandEdit {
  readonly file: ManagedFileName;
  readonly edit: (content: string) => string;
  readonly removed: string;
  readonly added: string;
}

const HAND_EDITS: HandEdit[] = [
  {
    file: "Dockerfile",
    edit: (content) => content.replace(/^USER 10001:10001$/m, "USER root"),
    removed: "USER 10001:10001",
    added: "USER root",
  },
  {
    file: ".dockerignore",
    edit: (content) => content.replace(/^\.env$/m, "# .env"),
    removed: ".env",
    added: "# .env",
  },
  {
    file: "poetry.toml",
    edit: (content) =>
      content.replace(/^in-project = true$/m, "in-project = false"),
    removed: "in-project = true",
    added: "in-project = false",
  },
];

const DOCKERFILE_EDIT = HAND_EDITS[0];

describe("the drift check, through the projen CLI", () => {
  test.each(HAND_EDITS)(
    "a hand edit of $file makes npx projen fail, names the file as edited with a diff of the edit, and writes nothing",
    ({ file, edit, removed, added }) => {
      const project = helloProject(`edit ${file}`);
      project.edit(file, edit);
      project.ageFiles();
      const before = project.snapshot();

      const result = project.projen();

      expectFailure(result);
      expect(result.output).toMatch(
        /Drift check failed: 1 of 3 managed files changed by hand/,
      );
      expect(result.output).toMatch(statusLine("edited", file));
      for (const other of MANAGED_FILES.filter((f) => f !== file)) {
        expect(result.output).toMatch(statusLine("intact", other));
      }
      expect(result.output).toMatch(
        new RegExp(`^--- ${escapeRegExp(file)} \\(generated\\)$`, "m"),
      );
      expect(result.output).toMatch(
        new RegExp(`^\\+\\+\\+ ${escapeRegExp(file)} \\(on disk\\)$`, "m"),
      );
      expect(result.output).toMatch(diffLine("-", removed));
      expect(result.output).toMatch(diffLine("+", added));
      // nothing was written: not this file, nor any other
      expect(project.snapshot()).toEqual(before);
    },
  );

  test("npx projen build fails on a hand-edited Dockerfile and writes nothing", () => {
    const project = helloProject("build fails");
    project.edit("Dockerfile", DOCKERFILE_EDIT.edit);
    project.ageFiles();
    const before = project.snapshot();

    const result = project.projen(["build"]);

    expectFailure(result);
    expect(result.output).toMatch(statusLine("edited", "Dockerfile"));
    expect(project.snapshot()).toEqual(before);
  });

  test("npx projen drift fails on a hand-edited Dockerfile and changes no file", () => {
    const project = helloProject("drift fails");
    project.edit("Dockerfile", DOCKERFILE_EDIT.edit);
    project.ageFiles();
    const before = project.snapshot();

    const result = project.projen(["drift"]);

    expectFailure(result);
    expect(result.output).toMatch(statusLine("edited", "Dockerfile"));
    expect(result.output).toMatch(diffLine("+", "USER root"));
    expect(project.snapshot()).toEqual(before);
  });

  test.each(MANAGED_FILES)(
    "a deleted %s is written again by npx projen, which logs that it was missing",
    (file) => {
      const project = helloProject(`delete ${file}`);
      const original = project.read(file);
      project.remove(file);

      const result = project.projen();

      expectSuccess(result);
      expect(result.output).toMatch(
        new RegExp(`${escapeRegExp(file)} was missing; writing it again\\.`),
      );
      expect(project.read(file)).toBe(original);
    },
  );

  test("npx projen drift fails on a deleted Dockerfile, reports it as missing and writes nothing", () => {
    const project = helloProject("drift missing");
    project.remove("Dockerfile");
    project.ageFiles();
    const before = project.snapshot();

    const result = project.projen(["drift"]);

    expectFailure(result);
    expect(result.output).toMatch(statusLine("missing", "Dockerfile"));
    expect(result.output).toMatch(
      /Not written yet: Dockerfile\. Run "npx projen" to write it\./,
    );
    expect(project.exists("Dockerfile")).toBe(false);
    expect(project.snapshot()).toEqual(before);
  });

  test("CRLF line endings in the managed files are not an edit", () => {
    const project = helloProject("crlf");
    const originals = new Map(
      MANAGED_FILES.map((file) => [file, project.read(file)]),
    );
    for (const file of MANAGED_FILES) {
      project.edit(file, (content) => content.replace(/\n/g, "\r\n"));
    }

    const drift = project.projen(["drift"]);
    expectSuccess(drift);
    for (const file of MANAGED_FILES) {
      expect(drift.output).toMatch(statusLine("intact", file));
    }
    const synth = project.projen();
    expectSuccess(synth);
    for (const file of MANAGED_FILES) {
      expect(project.read(file)).toBe(originals.get(file));
    }
  });

  test("making the managed files writable with chmod u+w is not an edit", () => {
    const project = helloProject("chmod");
    const originals = new Map(
      MANAGED_FILES.map((file) => [file, project.read(file)]),
    );
    for (const file of MANAGED_FILES) {
      expect(project.mode(file)).toBe("444");
      project.chmod(file, 0o644);
      expect(project.mode(file)).toBe("644");
    }

    const result = project.projen();

    expectSuccess(result);
    for (const file of MANAGED_FILES) {
      expect(project.read(file)).toBe(originals.get(file));
    }
  });

  test("a change in .projenrc.ts goes through: port 8080 adds EXPOSE 8080 to the Dockerfile", () => {
    const project = helloProject("port change");
    expect(project.read("Dockerfile")).not.toMatch(/^EXPOSE/m);

    project.write(".projenrc.ts", plainProjenrc("{ port: 8080 }"));
    const result = project.projen();

    expectSuccess(result);
    const dockerfile = project.read("Dockerfile");
    expect(dockerfile).toMatch(/^EXPOSE 8080$/m);
    expect(MARKER_LINE.exec(dockerfile.split("\n")[0])![1]).toBe(
      expectedChecksum(dockerfile),
    );
    expectSuccess(project.projen(["drift"]));
  });

  test("a hand edit is still caught when .projenrc.ts changes at the same time", () => {
    const project = helloProject("edit and projenrc change");
    project.edit("Dockerfile", DOCKERFILE_EDIT.edit);
    project.write(".projenrc.ts", plainProjenrc("{ port: 8080 }"));
    project.ageFiles();
    const before = project.snapshot();

    const result = project.projen();

    expectFailure(result);
    expect(result.output).toMatch(statusLine("edited", "Dockerfile"));
    // the diff is against what this synth would write, EXPOSE included
    expect(result.output).toMatch(diffLine("+", "USER root"));
    expect(result.output).toMatch(diffLine("-", "EXPOSE 8080"));
    expect(project.snapshot()).toEqual(before);
  });

  test("a hand-written Dockerfile in place before the construct is added is refused as not managed and left untouched", () => {
    const project = sandbox.project("hand-written dockerfile", helloApp(null));
    assertSucceeded(project.bootstrap());
    project.write(
      "Dockerfile",
      'FROM python:3.12-slim\nCOPY . /app\nCMD ["greet"]\n',
    );
    project.write(".projenrc.ts", plainProjenrc("{}"));
    project.ageFiles();
    const before = project.snapshot();

    const result = project.projen();

    expectFailure(result);
    expect(result.output).toMatch(statusLine("not managed", "Dockerfile"));
    expect(result.output).toMatch(statusLine("missing", ".dockerignore"));
    expect(result.output).toMatch(statusLine("missing", "poetry.toml"));
    expect(result.output).toMatch(
      /Dockerfile: add "Dockerfile" to the unmanagedFiles option of PoetryDockerImage\./,
    );
    expect(project.snapshot()).toEqual(before);
    expect(project.exists(".dockerignore")).toBe(false);
  });

  test("a Dockerfile with projen's plain marker and no checksum is adopted and managed from then on", () => {
    const project = sandbox.project("adopted dockerfile", helloApp(null));
    assertSucceeded(project.bootstrap());
    project.write(
      "Dockerfile",
      '# ~~ Generated by projen. To modify, edit .projenrc.ts and run "npx projen".\nFROM scratch\n',
    );
    project.write(".projenrc.ts", plainProjenrc("{}"));

    const result = project.projen();

    expectSuccess(result);
    expect(result.output).toMatch(
      /Dockerfile had no checksum; it is managed from now on\./,
    );
    const dockerfile = project.read("Dockerfile");
    expect(MARKER_LINE.exec(dockerfile.split("\n")[0])![1]).toBe(
      expectedChecksum(dockerfile),
    );
    expect(dockerfile).not.toMatch(/^FROM scratch$/m);
  });

  test('with unmanagedFiles: ["Dockerfile"], a hand-edited Dockerfile is neither written nor checked, and npx projen drift passes', () => {
    const handWritten = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["greet"]\n';
    const project = sandbox.project("unmanaged dockerfile", {
      ...helloApp('{ unmanagedFiles: ["Dockerfile"] }'),
      Dockerfile: handWritten,
    });
    assertSucceeded(project.bootstrap());
    expect(project.read("Dockerfile")).toBe(handWritten);
    const edited = project.edit(
      "Dockerfile",
      (content) => `${content}EXPOSE 9000\n`,
    );
    project.ageFiles();
    const dockerfileBefore = project.snapshot().Dockerfile;

    const synth = project.projen();

    expectSuccess(synth);
    expect(project.read("Dockerfile")).toBe(edited);
    expect(project.snapshot().Dockerfile).toEqual(dockerfileBefore);

    const drift = project.projen(["drift"]);
    expectSuccess(drift);
    expect(drift.output).toMatch(
      /Drift check: 2 managed files, none changed by hand\./,
    );
    expect(drift.output).toMatch(statusLine("intact", ".dockerignore"));
    expect(drift.output).toMatch(statusLine("intact", "poetry.toml"));
    expect(drift.output).not.toMatch(statusLine(undefined, "Dockerfile"));
    expect(project.read("Dockerfile")).toBe(edited);
  });

  test("taking over a hand-edited Dockerfile the library wrote, as the drift report advises, keeps the hand edit", () => {
    const project = helloProject("take over edited dockerfile");
    const edited = project.edit("Dockerfile", DOCKERFILE_EDIT.edit);
    const refused = project.projen();
    expectFailure(refused);
    expect(refused.output).toMatch(
      /Dockerfile: add "Dockerfile" to the unmanagedFiles option of PoetryDockerImage\./,
    );

    project.write(
      ".projenrc.ts",
      plainProjenrc('{ unmanagedFiles: ["Dockerfile"] }'),
    );
    const result = project.projen();

    expectSuccess(result);
    expect(project.exists("Dockerfile")).toBe(true);
    expect(project.read("Dockerfile")).toBe(edited);
    expectSuccess(project.projen(["drift"]));
    expect(project.read("Dockerfile")).toBe(edited);
  });
});
