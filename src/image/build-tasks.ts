import { relative } from "path";
import type { Project } from "projen";

/** The task that builds one project's image. */
export const BUILD_TASK = "docker:build";

/** The root task that builds the image of every project in the tree. */
export const BUILD_ALL_TASK = "docker:build-all";

const BUILDKIT = { DOCKER_BUILDKIT: "1" };

function buildCommand(imageName: string): string {
  return `docker build --tag ${imageName} .`;
}

/**
 * Adds the `docker:build` task to the project. In a monorepo, each
 * subproject's image also becomes a step of the root's `docker:build-all`
 * task, run in the subproject's folder; the root's own image, if any, is
 * its first step. Arguments given to either task go to `docker build`,
 * such as `npx projen docker:build-all --network none`.
 */
export function addBuildTasks(project: Project, imageName: string): void {
  const build = project.addTask(BUILD_TASK, {
    description: `Build the ${imageName} image`,
    env: BUILDKIT,
    exec: buildCommand(imageName),
    receiveArgs: true,
  });
  const root = project.root;
  let all = root.tasks.tryFind(BUILD_ALL_TASK);
  if (project === root) {
    all?.prependSpawn(build, { receiveArgs: true });
    return;
  }
  if (all === undefined) {
    all = root.addTask(BUILD_ALL_TASK, {
      description: "Build the image of every project that has one",
      env: BUILDKIT,
    });
    const own = root.tasks.tryFind(BUILD_TASK);
    if (own !== undefined) {
      all.spawn(own, { receiveArgs: true });
    }
  }
  all.exec(buildCommand(imageName), {
    name: imageName,
    cwd: relative(root.outdir, project.outdir),
    receiveArgs: true,
  });
}
