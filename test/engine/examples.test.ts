/**
 * The bundled examples that need no package index, built from their
 * committed files and run in the engine. examples/hello has its own, longer
 * test; fastapi-app and django-app need an index to lock and install their
 * dependencies, so they are only synthesized (test/integration/examples).
 */
import { join } from "path";
import {
  BUILDER_IMAGE,
  copyApp,
  requireEngine,
  runImage,
  RUNTIME_IMAGE,
  Scratch,
  TRIXIE_BUILDER_IMAGE,
  TRIXIE_RUNTIME_IMAGE,
} from "./engine";

const EXAMPLES = join(__dirname, "..", "..", "examples");

const CASES: Array<{
  example: string;
  args: string[];
  output: string;
}> = [
  {
    example: "path-dependency",
    args: [],
    output:
      "+------------------------------+\n" +
      "| hello from a path dependency |\n" +
      "+------------------------------+\n",
  },
  {
    example: "src-layout",
    args: ["wordcount", "three", "little", "words"],
    output: "3 words\n",
  },
  {
    example: "script-app",
    args: [],
    output: `== nightly report for ${new Date().getFullYear()} ==\n`,
  },
];

describe("the bundled examples in the engine", () => {
  const scratch = new Scratch("examples");

  beforeAll(() => {
    requireEngine([
      BUILDER_IMAGE,
      RUNTIME_IMAGE,
      TRIXIE_BUILDER_IMAGE,
      TRIXIE_RUNTIME_IMAGE,
    ]);
  });

  afterAll(() => {
    expect(scratch.cleanup()).toEqual([]);
  });

  test.each(CASES)(
    "examples/$example builds from its committed files and its container prints the expected output",
    ({ example, args, output }) => {
      const app = join(scratch.dir(example), example);
      copyApp(join(EXAMPLES, example), app);
      const image = scratch.build(app, example);
      const result = runImage(image.tag, args);
      expect(result.stderr).toBe("");
      expect(result.stdout).toBe(output);
      expect(result.status).toBe(0);
      expect(runImage(image.tag, ["id", "-u"]).stdout.trim()).toBe("10001");
    },
  );

  test("the script app's image holds its two modules but not its tests", () => {
    const app = join(scratch.dir("script-listing"), "script-app");
    copyApp(join(EXAMPLES, "script-app"), app);
    const image = scratch.build(app, "script-listing");
    const listing = runImage(image.tag, ["-c", "ls -A /app"], "sh");
    expect(listing.stdout.split("\n").filter(Boolean).sort()).toEqual([
      ".venv",
      "formatting.py",
      "report.py",
    ]);
  });
});
