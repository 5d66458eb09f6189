import { cdk, javascript } from "projen";

const project = new cdk.JsiiProject({
  name: "projen-poetry-docker",
  description:
    "A projen construct that writes a multi-stage Dockerfile, .dockerignore and poetry.toml for a Poetry app, drift-checked on every synth.",
  author: "projen-poetry-docker team",
  authorAddress: "team@projen-poetry-docker.dev",
  repositoryUrl:
    "https://github.com/projen-poetry-docker/projen-poetry-docker.git",
  defaultReleaseBranch: "main",
  keywords: ["projen", "poetry", "docker", "dockerfile", "python"],
  jsiiVersion: "~6.0.0",
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: "20.0.0",
  prettier: true,

  // Python binding: `npx projen package:python` writes dist/python/*.whl
  // and *.tar.gz (see the task below). Not published: release is off.
  publishToPypi: {
    distName: "projen-poetry-docker",
    module: "projen_poetry_docker",
  },

  // CI is `.ci/run`, not GitHub workflows.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  peerDeps: ["projen@^0.103.25", "constructs@^10.5.0"],
  bundledDeps: [
    "smol-toml@^1.9.1",
    "diff@^8.0.1",
    "@balena/dockerignore@^1.0.2",
  ],
  devDeps: [
    "dockerfile-utils@^0.16.3",
    "dockerfile-ast@^0.7.1",
    "fast-check@^4.3.0",
  ],

  jestOptions: {
    jestConfig: {
      // the projen CLI and engine tests spawn processes; unit tests stay fast
      testTimeout: 120_000,
      testPathIgnorePatterns: ["/node_modules/", "/test/engine/"],
    },
  },
  gitignore: ["/.tmp/", "/examples/*/node_modules/"],
});

// Engine tests build real images; they run in their own task, which the
// README's test command and CI run after `npx projen build`.
project.addTask("test:engine", {
  description: "Build and run the bundled example's image in a Docker engine",
  exec: "jest --config test/engine/jest.config.json --runInBand",
  receiveArgs: true,
});

// projen's package:python runs `jsii-pacmak -t python`, whose build step
// pip-installs pinned setuptools/build/twine from PyPI: unreachable here, so
// it fails (and `package-all`, which `npx projen build` runs outside CI, with
// it). The script generates the code with `jsii-pacmak --code-only` and builds
// the same wheel and sdist with Debian's python3-build, offline.
project.tasks
  .tryFind("package:python")
  ?.reset("bash scripts/python-binding.sh", { receiveArgs: true });

// The benchmark builds the examples in the engine and writes
// bench/results.md; CI runs it with --quick (see scripts/test.sh).
project.addTask("bench", {
  description:
    "Benchmark image sizes, rebuilds, cache mounts and synth cost in a Docker engine; writes bench/results.md",
  exec: "ts-node --transpile-only --project bench/tsconfig.json bench/run.ts",
  receiveArgs: true,
});
project.addPackageIgnore("/bench/");
project.prettier?.addIgnorePattern("bench/results.md");
project.eslint?.addLintPattern("bench");

project.synth();
