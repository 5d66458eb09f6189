import { LogLevel, Project, Testing } from "projen";
import { appDir, HELLO } from "./app";
import { PoetryDockerImage } from "../../src";

/** The hello app's files under each folder, plus one at the root. */
function monorepoFiles(folders: string[]): Record<string, string> {
  const files: Record<string, string> = { ...HELLO };
  for (const folder of folders) {
    for (const [path, content] of Object.entries(HELLO)) {
      files[`${folder}/${path}`] = content;
    }
  }
  return files;
}

function monorepo(folders: string[], rootImage: "before" | "after" | "none") {
  process.env.PROJEN_DISABLE_POST = "true";
  const root = new Project({
    name: "shop",
    outdir: appDir(monorepoFiles(folders)),
    logging: { level: LogLevel.OFF },
  });
  if (rootImage === "before") new PoetryDockerImage(root);
  for (const folder of folders) {
    const name = folder.split("/").pop()!;
    new PoetryDockerImage(new Project({ name, parent: root, outdir: folder }));
  }
  if (rootImage === "after") new PoetryDockerImage(root);
  return Testing.synth(root);
}

function tasksOf(files: Record<string, any>, folder = ""): Record<string, any> {
  const path = folder ? `${folder}/.projen/tasks.json` : ".projen/tasks.json";
  return files[path].tasks;
}

describe("image build tasks", () => {
  test("a single project gets docker:build and no docker:build-all", () => {
    const tasks = tasksOf(monorepo([], "before"));
    expect(tasks["docker:build"]).toMatchObject({
      env: { DOCKER_BUILDKIT: "1" },
      steps: [{ exec: "docker build --tag shop:latest ." }],
    });
    expect(tasks["docker:build-all"]).toBeUndefined();
  });

  test("each subproject gets its own files and docker:build, and the root builds them all in their folders", () => {
    const out = monorepo(["services/api", "services/worker"], "none");
    for (const folder of ["services/api", "services/worker"]) {
      expect(out[`${folder}/Dockerfile`]).toContain("AS runtime");
      expect(out[`${folder}/.dockerignore`]).toContain(".env");
      expect(out[`${folder}/poetry.toml`]).toContain("in-project = true");
    }
    expect(tasksOf(out, "services/api")["docker:build"].steps).toEqual([
      { exec: "docker build --tag api:latest .", receiveArgs: true },
    ]);
    const all = tasksOf(out)["docker:build-all"];
    expect(all.env).toEqual({ DOCKER_BUILDKIT: "1" });
    expect(all.steps).toEqual([
      {
        name: "api:latest",
        cwd: "services/api",
        exec: "docker build --tag api:latest .",
        receiveArgs: true,
      },
      {
        name: "worker:latest",
        cwd: "services/worker",
        exec: "docker build --tag worker:latest .",
        receiveArgs: true,
      },
    ]);
  });

  test.each(["before", "after"] as const)(
    "a root image declared %s the subprojects is the first step of docker:build-all",
    (rootImage) => {
      const all = tasksOf(monorepo(["services/api"], rootImage))[
        "docker:build-all"
      ];
      expect(all.steps.map((s: any) => s.spawn ?? s.cwd)).toEqual([
        "docker:build",
        "services/api",
      ]);
    },
  );
});
