import { posix } from "path";
import type { ImagePlan } from "./image-plan";
import type { Dockerfile } from "../dockerfile/dockerfile";
import { shellWord } from "../dockerfile/escaping";
import type { CacheMount, DockerfileStage } from "../dockerfile/stage";
import { leanVenvCommands, syncCommand } from "../poetry/poetry-commands";

const BUILDER = "builder";
const PIP_CACHE = "/root/.cache/pip";
const POETRY_CACHE = "/root/.cache/pypoetry";

/**
 * Writes the two stages: a full builder image where Poetry installs the
 * locked dependencies into `<workdir>/.venv`, then the root package; and a
 * slim runtime image of the same Python that receives only that venv and
 * the app's sources, and runs as an unprivileged user.
 */
export function writeStages(dockerfile: Dockerfile, plan: ImagePlan): void {
  writeBuilder(
    dockerfile.addStage({ from: plan.builderImage, name: BUILDER }),
    plan,
  );
  writeRuntime(
    dockerfile.addStage({ from: plan.runtimeImage, name: "runtime" }),
    plan,
  );
}

function writeBuilder(stage: DockerfileStage, plan: ImagePlan): void {
  const cache = plan.options.cacheMounts ?? true;
  stage.env({
    PYTHONDONTWRITEBYTECODE: "1",
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
    PIP_ROOT_USER_ACTION: "ignore",
    POETRY_NO_INTERACTION: "1",
    POETRY_VIRTUALENVS_CREATE: "true",
    POETRY_VIRTUALENVS_IN_PROJECT: "true",
    POETRY_CACHE_DIR: POETRY_CACHE,
  });
  aptInstall(stage, plan.options.builderPackages);

  // Poetry goes into the builder's own Python, apart from the app's venv,
  // which it then creates without pip and setuptools
  const pip = `python -m pip install${cache ? "" : " --no-cache-dir"} "poetry==${plan.poetryVersion}"`;
  stage.run([pip, ...leanVenvCommands(plan.poetry)], {
    cacheMounts: cache ? [mount(PIP_CACHE)] : [],
  });

  stage.workdir(plan.workdir);
  stage.copy(plan.dependencyFiles, "./");
  for (const path of plan.pathDependencies) {
    stage.copy([path], `./${path}`);
  }
  poetryRun(
    stage,
    [syncCommand(plan.poetry, false, plan.excludedGroups)],
    cache,
  );

  if (plan.rootPackages.length > 0) {
    for (const path of plan.readme) {
      stage.copy([path], `./${path}`);
    }
    installRoot(stage, plan, cache);
  }
}

/**
 * Installs the root package: against empty stand-ins of its packages when
 * the plan allows, so the builder never copies the source and a source
 * change re-runs no install; else against the copied source.
 */
function installRoot(
  stage: DockerfileStage,
  plan: ImagePlan,
  cache: boolean,
): void {
  const install = syncCommand(plan.poetry, true, plan.excludedGroups);
  if (!plan.stubRoot) {
    for (const pkg of plan.rootPackages) {
      stage.copy([pkg.path], `./${pkg.path}`);
    }
    poetryRun(stage, [install], cache);
    return;
  }
  const stubs = plan.rootPackages.map((pkg) => {
    const path = shellWord(pkg.path, "package path");
    const folder = pkg.file ? posix.dirname(pkg.path) : pkg.path;
    const mkdir =
      folder === "." ? [] : [`mkdir -p ${shellWord(folder, "package path")}`];
    return [...mkdir, `touch ${pkg.file ? path : `${path}/__init__.py`}`].join(
      " && ",
    );
  });
  poetryRun(stage, [...stubs, install], cache);
}

function writeRuntime(stage: DockerfileStage, plan: ImagePlan): void {
  const venv = `${plan.workdir}/.venv`;
  const user = plan.options.user ?? "app";
  const uid = plan.options.uid ?? 10001;
  stage.env({
    PYTHONUNBUFFERED: "1",
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONFAULTHANDLER: "1",
    VIRTUAL_ENV: venv,
  });
  stage.env({ PATH: `${venv}/bin:$PATH` }, true);
  aptInstall(stage, plan.options.runtimePackages);
  stage.run([
    `groupadd --system --gid ${uid} ${user}`,
    `useradd --system --uid ${uid} --gid ${uid} --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ${user}`,
  ]);
  stage.workdir(plan.workdir);
  stage.copy([venv], venv, { from: BUILDER });
  for (const path of [...plan.editableDependencies, ...plan.runtimeSources]) {
    stage.copy([path], `./${path}`);
  }
  if (plan.runtimeBuildCommands.length > 0) {
    stage.run(plan.runtimeBuildCommands);
  }
  stage.env(plan.env);
  stage.label(plan.options.labels ?? {});
  stage.user(`${uid}:${uid}`);
  if (plan.port !== undefined) {
    stage.expose(plan.port);
  }
  if (plan.options.healthcheck !== undefined) {
    stage.healthcheck(plan.options.healthcheck);
  }
  stage.cmd(plan.command);
}

function mount(target: string): CacheMount {
  return { target, sharing: "locked" };
}

function poetryRun(
  stage: DockerfileStage,
  commands: string[],
  cache: boolean,
): void {
  if (cache) {
    stage.run(commands, { cacheMounts: [mount(POETRY_CACHE)] });
  } else {
    stage.run([...commands, `rm -rf ${POETRY_CACHE}`]);
  }
}

function aptInstall(
  stage: DockerfileStage,
  packages: string[] | undefined,
): void {
  if (!packages || packages.length === 0) {
    return;
  }
  stage.run([
    "apt-get update",
    `apt-get install -y --no-install-recommends ${[...packages].sort().join(" ")}`,
    "rm -rf /var/lib/apt/lists/*",
  ]);
}
