/** Options of `PoetryDockerImage`. */
export interface PoetryDockerImageOptions {
  /**
   * The Python version of both images, pinned to a patch release. The
   * builder and runtime images are always derived from this one value, so
   * the venv copied between them finds the same interpreter.
   *
   * @default - the newest version in the supported list that satisfies the
   * pyproject.toml Python constraint
   */
  readonly pythonVersion?: string;

  /**
   * The Debian release of the images: builder `python:<v>-<release>`,
   * runtime `python:<v>-slim-<release>`.
   *
   * @default "bookworm"
   */
  readonly debianRelease?: string;

  /**
   * The Poetry version installed in the builder, pinned. Poetry 1.2 and
   * newer are supported; the generated commands follow the version.
   *
   * @default "2.2.1"
   */
  readonly poetryVersion?: string;

  /**
   * The container's command, in exec form.
   *
   * @default - the project's console script when it declares exactly one;
   * else the server command of the web framework found among the main
   * dependencies (FastAPI, Flask, Django, Streamlit); else, for an app
   * without a package, `python <script>` for its one top-level script with
   * a `__main__` guard
   */
  readonly command?: string[];

  /**
   * Whether to look for a web framework among the main dependencies
   * (Django, FastAPI, Flask, Streamlit) and use its conventional server
   * command, port and build-time steps, such as Django's collectstatic.
   *
   * @default true
   */
  readonly detectFramework?: boolean;

  /**
   * A port the app listens on, written as EXPOSE. With a detected web
   * framework's server, also the port that server is told to listen on.
   *
   * @default - the detected web framework's port (8000, or 8501 for
   * Streamlit) when its server is the command; otherwise none
   */
  readonly port?: number;

  /**
   * Environment variables of the running container. Values are taken
   * literally. Do not put secrets here: they stay in the image.
   *
   * @default - none
   */
  readonly env?: Record<string, string>;

  /**
   * The repository both base images come from, such as a registry mirror
   * (`mirror.example.com/library/python`). Tags are always derived from
   * `pythonVersion` and `debianRelease`.
   *
   * @default "python"
   */
  readonly baseImageRepository?: string;

  /**
   * Pins the builder image by digest (`sha256:...`) on top of its tag.
   *
   * @default - tag only
   */
  readonly builderImageDigest?: string;

  /**
   * Pins the runtime image by digest (`sha256:...`) on top of its tag.
   *
   * @default - tag only
   */
  readonly runtimeImageDigest?: string;

  /**
   * Debian packages installed in the builder, such as `libpq-dev` to
   * compile a dependency.
   *
   * @default - none
   */
  readonly builderPackages?: string[];

  /**
   * Debian packages installed in the runtime image, such as `libpq5` for a
   * library a dependency links to.
   *
   * @default - none
   */
  readonly runtimePackages?: string[];

  /**
   * The name of the unprivileged user the app runs as.
   *
   * @default "app"
   */
  readonly user?: string;

  /**
   * The uid (and gid) of that user.
   *
   * @default 10001
   */
  readonly uid?: number;

  /**
   * Where the app and its `.venv` live, in both stages.
   *
   * @default "/app"
   */
  readonly workdir?: string;

  /**
   * Image labels, such as `org.opencontainers.image.source`.
   *
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * A health check command, in exec form.
   *
   * @default - none
   */
  readonly healthcheck?: string[];

  /**
   * Whether RUN steps mount BuildKit caches for pip's and Poetry's
   * downloads, so a changed lock file re-downloads only what changed.
   * Needs BuildKit (Docker 18.09 and newer with `DOCKER_BUILDKIT=1`).
   *
   * @default true
   */
  readonly cacheMounts?: boolean;

  /**
   * Files and folders of the project copied into the runtime image.
   *
   * @default - the project's packages; for an app without a package
   * (`package-mode = false` or `packages = []`), its top-level modules and
   * packages except tests; plus what a detected web framework needs, such
   * as Django's `manage.py`
   */
  readonly sources?: string[];

  /**
   * Generated files you take over: the library neither writes nor checks
   * them. Any of "Dockerfile", ".dockerignore" and "poetry.toml".
   *
   * @default - the library manages all three
   */
  readonly unmanagedFiles?: string[];

  /**
   * The image name and tag that the `docker:build` task builds.
   *
   * @default - "<project name>:latest"
   */
  readonly imageName?: string;
}
