import { readFileSync, writeFileSync, chmodSync } from "fs";
import { join } from "path";
import { Project, Testing } from "projen";
import { quietProject, tempDir } from "./projects";
import { DockerIgnore } from "../../src/dockerfile/docker-ignore";
import { DriftCheck } from "../../src/integrity/drift-check";

describe("DriftCheck", () => {
  test("lives once on the root project, however many files use it", () => {
    const project = quietProject(tempDir());
    new DockerIgnore(project, ".dockerignore", { exclude: [".git"] });
    new DockerIgnore(project, "other.ignore", { exclude: [".venv"] });
    expect(DriftCheck.of(project)).toBe(DriftCheck.of(project));
    const checks = project.node
      .findAll()
      .filter((c) => c instanceof DriftCheck);
    expect(checks).toHaveLength(1);
  });

  test("adds a drift task that runs the default task without writing", () => {
    const project = quietProject(tempDir());
    new DockerIgnore(project, ".dockerignore", { exclude: [".git"] });
    const tasks = Testing.synth(project)[".projen/tasks.json"].tasks;
    expect(tasks.drift.env).toEqual({ PROJEN_DRIFT_CHECK_ONLY: "1" });
    expect(tasks.drift.steps).toEqual([{ spawn: "default" }]);
  });

  test("an edit in a subproject stops the root synth before anything is written", () => {
    const outdir = tempDir();
    const synthTree = () => {
      const root = quietProject(outdir, "root");
      const sub = new Project({ name: "sub", parent: root, outdir: "sub" });
      new DockerIgnore(sub, ".dockerignore", { exclude: [".git"] });
      root.synth();
    };
    synthTree();
    const path = join(outdir, "sub", ".dockerignore");
    chmodSync(path, 0o644);
    writeFileSync(path, readFileSync(path, "utf8") + "extra\n");
    const rootFiles = readFileSync(
      join(outdir, ".projen", "files.json"),
      "utf8",
    );

    expect(synthTree).toThrow(/edited\s+sub\/\.dockerignore/);
    expect(readFileSync(path, "utf8")).toMatch(/extra\n$/);
    expect(readFileSync(join(outdir, ".projen", "files.json"), "utf8")).toBe(
      rootFiles,
    );
  });
});
