import { AppLayout } from "../../src/poetry/app-layout";
import type { MainDependency, PackageSource } from "../../src/poetry/pyproject";
import { detectWebFramework } from "../../src/poetry/web-frameworks";
import { appDir } from "../image/app";

function deps(...names: string[]): MainDependency[] {
  return names.map((spec) => {
    const [name, extras] = spec.split(/[[\]]/);
    return { name, extras: extras ? extras.split(",") : [] };
  });
}

function detect(
  files: Record<string, string>,
  dependencies: MainDependency[],
  packages: PackageSource[] = [],
) {
  return detectWebFramework(
    new AppLayout(appDir(files), packages),
    dependencies,
  );
}

function served(detection: ReturnType<typeof detect>) {
  if (!detection || !("server" in detection)) {
    throw new Error(`expected a server, got ${JSON.stringify(detection)}`);
  }
  return detection.server;
}

const SVC = [{ path: "svc", from: "" }];

describe("detectWebFramework", () => {
  test("no framework among the dependencies detects nothing", () => {
    expect(detect({ "svc/__init__.py": "" }, deps("requests"), SVC)).toBe(
      undefined,
    );
  });

  test("a FastAPI app object in the package is served by uvicorn on port 8000", () => {
    const server = served(
      detect(
        {
          "svc/__init__.py": "",
          "svc/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
        deps("fastapi", "uvicorn"),
        SVC,
      ),
    );
    expect(server.framework).toBe("FastAPI");
    expect(server.defaultPort).toBe(8000);
    expect(server.command(8000)).toEqual([
      "uvicorn",
      "svc.main:app",
      "--host",
      "0.0.0.0",
      "--port",
      "8000",
    ]);
    expect(server.buildCommands).toEqual([]);
  });

  test("fastapi[standard] brings its own uvicorn, and a src layout and an annotated app object are understood", () => {
    const server = served(
      detect(
        {
          "src/svc/__init__.py": "",
          "src/svc/api.py":
            "import fastapi\n\napi: fastapi.FastAPI = fastapi.FastAPI(title='x')\n",
        },
        deps("fastapi[standard]"),
        [{ path: "src/svc", from: "src" }],
      ),
    );
    expect(server.command(9000).slice(0, 2)).toEqual([
      "uvicorn",
      "svc.api:api",
    ]);
    expect(server.command(9000)).toContain("9000");
  });

  test("FastAPI without an ASGI server is a problem that names uvicorn", () => {
    expect(
      detect(
        { "svc/__init__.py": "", "svc/main.py": "app = FastAPI()\n" },
        deps("fastapi"),
        SVC,
      ),
    ).toEqual({
      framework: "FastAPI",
      problem: "no ASGI server among the main dependencies; add uvicorn",
    });
  });

  test("FastAPI without an app object says where it looked", () => {
    const detection = detect(
      { "svc/__init__.py": "" },
      deps("fastapi", "uvicorn"),
      SVC,
    );
    expect(detection).toMatchObject({ framework: "FastAPI" });
    expect(JSON.stringify(detection)).toMatch(
      /no \\"app = FastAPI\(...\)\\" in main\.py, app\.py/,
    );
  });

  test("a Flask app factory is served by gunicorn, and waitress is the second choice", () => {
    const files = {
      "svc/__init__.py":
        "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
    };
    expect(
      served(detect(files, deps("flask", "gunicorn"), SVC)).command(8000),
    ).toEqual(["gunicorn", "--bind", "0.0.0.0:8000", "svc:create_app()"]);
    expect(
      served(detect(files, deps("flask", "waitress"), SVC)).command(8080),
    ).toEqual([
      "waitress-serve",
      "--listen=0.0.0.0:8080",
      "--call",
      "svc:create_app",
    ]);
    const plain = {
      "app.py": "from flask import Flask\napp = Flask(__name__)\n",
    };
    expect(
      served(detect(plain, deps("flask", "waitress"))).command(8080),
    ).toEqual(["waitress-serve", "--listen=0.0.0.0:8080", "app:app"]);
  });

  test("Flask without a production server is a problem that names gunicorn", () => {
    const detection = detect(
      { "app.py": "from flask import Flask\napp = Flask(__name__)\n" },
      deps("flask"),
    );
    expect(detection).toMatchObject({ framework: "Flask" });
    expect(JSON.stringify(detection)).toMatch(/add gunicorn/);
  });

  test("a Django project is served by gunicorn, with manage.py, its static folder and collectstatic when STATIC_ROOT is set", () => {
    const files = {
      "manage.py": "import django\n",
      "mysite/__init__.py": "",
      "mysite/wsgi.py": "application = get_wsgi_application()\n",
      "mysite/settings.py":
        'STATIC_URL = "static/"\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n',
      "polls/__init__.py": "",
      "static/site.css": "",
    };
    const server = served(detect(files, deps("django", "gunicorn")));
    expect(server.command(8000)).toEqual([
      "gunicorn",
      "--bind",
      "0.0.0.0:8000",
      "mysite.wsgi:application",
    ]);
    expect(server.sources).toEqual(["manage.py", "static"]);
    expect(server.buildCommands).toEqual([
      "python manage.py collectstatic --noinput",
    ]);

    const noStaticRoot = { ...files, "mysite/settings.py": "DEBUG = False\n" };
    expect(
      served(detect(noStaticRoot, deps("django", "gunicorn"))).buildCommands,
    ).toEqual([]);
  });

  test("Django with uvicorn and an asgi.py is served over ASGI; without a server it is a problem", () => {
    const files = {
      "manage.py": "",
      "mysite/wsgi.py": "",
      "mysite/asgi.py": "",
    };
    expect(
      served(detect(files, deps("django", "uvicorn"))).command(8000)[1],
    ).toBe("mysite.asgi:application");
    expect(JSON.stringify(detect(files, deps("django")))).toMatch(
      /runserver is for development\); add gunicorn/,
    );
  });

  test("a Streamlit script is run headless on port 8501 and copied into the image", () => {
    const server = served(
      detect(
        { "streamlit_app.py": "import streamlit as st\nst.write('hi')\n" },
        deps("streamlit"),
      ),
    );
    expect(server.defaultPort).toBe(8501);
    expect(server.command(8501)).toEqual([
      "streamlit",
      "run",
      "streamlit_app.py",
      "--server.port",
      "8501",
      "--server.address",
      "0.0.0.0",
    ]);
    expect(server.sources).toEqual(["streamlit_app.py"]);
    expect(server.env.STREAMLIT_SERVER_HEADLESS).toBe("true");
  });

  test("two frameworks at once are a problem naming both", () => {
    expect(
      detect({ "app.py": "" }, deps("flask", "fastapi", "uvicorn")),
    ).toEqual({
      framework: "fastapi and flask",
      problem:
        "several web frameworks among the main dependencies (fastapi, flask)",
    });
  });

  test.each([
    [
      "Django with two project folders",
      { "manage.py": "", "a/wsgi.py": "", "b/wsgi.py": "" },
      deps("django", "gunicorn"),
      "several folders hold a wsgi.py (a, b)",
    ],
    [
      "Django without manage.py",
      { "mysite/wsgi.py": "" },
      deps("django", "gunicorn"),
      "there is no manage.py in the project folder",
    ],
    [
      "Django without a wsgi.py",
      { "manage.py": "", "mysite/settings.py": "" },
      deps("django", "gunicorn"),
      "no project folder holds a wsgi.py",
    ],
    [
      "Flask without an app",
      { "app.py": "import flask\n" },
      deps("flask", "gunicorn"),
      'no "app = Flask(...)" or "def create_app()" in main.py, app.py, api.py, server.py, asgi.py, wsgi.py, __init__.py of the packages or the project folder',
    ],
    [
      "Streamlit without a script that imports it",
      { "app.py": "print('hi')\n" },
      deps("streamlit"),
      "no streamlit_app.py, app.py, main.py, Home.py that imports streamlit",
    ],
  ])(
    "%s is a problem that says what is missing",
    (_case, files, found, text) => {
      expect(detect(files, found)).toMatchObject({ problem: text });
    },
  );
});
