import type { AppLayout } from "./app-layout";
import type { MainDependency } from "./pyproject";

/** How a detected web framework's app is served in the container. */
export interface WebServer {
  /** The framework, for messages and docs, such as "FastAPI". */
  readonly framework: string;

  /** The port the server listens on unless `port` is set. */
  readonly defaultPort: number;

  /** The exec-form server command for a port. */
  readonly command: (port: number) => string[];

  /** Project files the runtime image needs besides the packages. */
  readonly sources: string[];

  /** Commands run in the runtime stage at build time, as root. */
  readonly buildCommands: string[];

  /** Environment variables the server wants in the container. */
  readonly env: Record<string, string>;
}

/** A framework found among the main dependencies, served or not. */
export type Detection =
  | { readonly server: WebServer }
  | { readonly framework: string; readonly problem: string };

type Deps = readonly MainDependency[];

const has = (deps: Deps, name: string) => deps.some((d) => d.name === name);

const hasExtra = (deps: Deps, name: string, extras: string[]) =>
  deps.some((d) => d.name === name && d.extras.some((e) => extras.includes(e)));

const ANY_HOST = "0.0.0.0";

/** Files an app object is conventionally defined in. */
const APP_FILES = [
  "main.py",
  "app.py",
  "api.py",
  "server.py",
  "asgi.py",
  "wsgi.py",
  "__init__.py",
];

/** `name = Class(` at the top level of a module, with an optional annotation. */
function assignedInstance(text: string, cls: string): string | undefined {
  const pattern = new RegExp(
    `^([A-Za-z_]\\w*)\\s*(?::[^=\\n]+)?=\\s*(?:\\w+\\.)?${cls}\\s*\\(`,
    "m",
  );
  return pattern.exec(text)?.[1];
}

/** The `module:object` of the first app object found in the candidates. */
function findAppObject(
  layout: AppLayout,
  cls: string,
  factories: string[] = [],
): string | undefined {
  for (const file of layout.candidateFiles(APP_FILES)) {
    const text = layout.read(file);
    const name = assignedInstance(text, cls);
    if (name) return `${layout.moduleOf(file)}:${name}`;
    const factory = factories.find((f) =>
      new RegExp(`^def ${f}\\s*\\(`, "m").test(text),
    );
    if (factory) return `${layout.moduleOf(file)}:${factory}()`;
  }
  return undefined;
}

function server(
  framework: string,
  defaultPort: number,
  command: (port: number) => string[],
  extra: Partial<Pick<WebServer, "sources" | "buildCommands" | "env">> = {},
): Detection {
  return {
    server: {
      framework,
      defaultPort,
      command,
      sources: extra.sources ?? [],
      buildCommands: extra.buildCommands ?? [],
      env: extra.env ?? {},
    },
  };
}

function problem(framework: string, text: string): Detection {
  return { framework, problem: text };
}

function uvicorn(app: string) {
  return (port: number) => [
    "uvicorn",
    app,
    "--host",
    ANY_HOST,
    "--port",
    String(port),
  ];
}

function gunicorn(app: string) {
  return (port: number) => ["gunicorn", "--bind", `${ANY_HOST}:${port}`, app];
}

function fastapi(layout: AppLayout, deps: Deps): Detection {
  const app = findAppObject(layout, "FastAPI");
  if (!app) {
    return problem(
      "FastAPI",
      `no "app = FastAPI(...)" in ${APP_FILES.join(", ")} of the packages or the project folder`,
    );
  }
  if (
    !has(deps, "uvicorn") &&
    !hasExtra(deps, "fastapi", ["standard", "all"])
  ) {
    return problem(
      "FastAPI",
      "no ASGI server among the main dependencies; add uvicorn",
    );
  }
  return server("FastAPI", 8000, uvicorn(app));
}

function flask(layout: AppLayout, deps: Deps): Detection {
  const app = findAppObject(layout, "Flask", ["create_app", "make_app"]);
  if (!app) {
    return problem(
      "Flask",
      `no "app = Flask(...)" or "def create_app()" in ${APP_FILES.join(", ")} of the packages or the project folder`,
    );
  }
  if (has(deps, "gunicorn")) {
    return server("Flask", 8000, gunicorn(app));
  }
  if (has(deps, "waitress")) {
    // waitress calls a factory with --call, given without the parentheses
    const factory = app.endsWith("()");
    return server("Flask", 8000, (port) => [
      "waitress-serve",
      `--listen=${ANY_HOST}:${port}`,
      ...(factory ? ["--call", app.slice(0, -2)] : [app]),
    ]);
  }
  return problem(
    "Flask",
    "no WSGI server among the main dependencies (Flask's own is for development); add gunicorn",
  );
}

function django(layout: AppLayout, deps: Deps): Detection {
  const [site, ...others] = layout.foldersWith("wsgi.py");
  if (!layout.exists("manage.py")) {
    return problem("Django", "there is no manage.py in the project folder");
  }
  if (!site || others.length > 0) {
    return problem(
      "Django",
      site
        ? `several folders hold a wsgi.py (${[site, ...others].join(", ")})`
        : "no project folder holds a wsgi.py",
    );
  }
  const module = layout.moduleOf(site);
  const settings = [`${site}/settings.py`, `${site}/settings/__init__.py`];
  const collect = settings.some(
    (file) =>
      layout.exists(file) && /^STATIC_ROOT\s*=/m.test(layout.read(file)),
  );
  const extra = {
    // Django's conventional project-wide folders, next to manage.py
    sources: ["manage.py", "templates", "static"].filter((path) =>
      layout.exists(path),
    ),
    buildCommands: collect ? ["python manage.py collectstatic --noinput"] : [],
  };
  if (has(deps, "gunicorn")) {
    return server(
      "Django",
      8000,
      gunicorn(`${module}.wsgi:application`),
      extra,
    );
  }
  if (has(deps, "uvicorn") && layout.exists(`${site}/asgi.py`)) {
    return server("Django", 8000, uvicorn(`${module}.asgi:application`), extra);
  }
  return problem(
    "Django",
    "no server among the main dependencies (runserver is for development); add gunicorn",
  );
}

const STREAMLIT_FILES = ["streamlit_app.py", "app.py", "main.py", "Home.py"];

function streamlit(layout: AppLayout): Detection {
  const script = layout
    .candidateFiles(STREAMLIT_FILES)
    .find((file) => /^\s*(import|from)\s+streamlit\b/m.test(layout.read(file)));
  if (!script) {
    return problem(
      "Streamlit",
      `no ${STREAMLIT_FILES.join(", ")} that imports streamlit`,
    );
  }
  return server(
    "Streamlit",
    8501,
    (port) => [
      "streamlit",
      "run",
      script,
      "--server.port",
      String(port),
      "--server.address",
      ANY_HOST,
    ],
    {
      sources: [script],
      env: {
        STREAMLIT_SERVER_HEADLESS: "true",
        STREAMLIT_BROWSER_GATHER_USAGE_STATS: "false",
      },
    },
  );
}

/** The frameworks recognised, by the distribution that gives them away. */
const FRAMEWORKS: Record<string, (layout: AppLayout, deps: Deps) => Detection> =
  {
    django,
    fastapi,
    flask,
    streamlit,
  };

/**
 * Finds the web framework among the main dependencies and how to serve it.
 * Returns undefined when there is none, and a problem when there are
 * several or the app cannot be located.
 */
export function detectWebFramework(
  layout: AppLayout,
  deps: Deps,
): Detection | undefined {
  const found = Object.keys(FRAMEWORKS).filter((name) => has(deps, name));
  if (found.length > 1) {
    return problem(
      found.join(" and "),
      `several web frameworks among the main dependencies (${found.join(", ")})`,
    );
  }
  return found.length === 1 ? FRAMEWORKS[found[0]](layout, deps) : undefined;
}
