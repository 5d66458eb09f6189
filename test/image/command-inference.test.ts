import { HELLO, synthApp } from "./app";
import { instructions } from "../dockerfile/parse";

const FASTAPI = {
  "pyproject.toml": [
    "[project]",
    'name = "svc"',
    'version = "0.1.0"',
    'requires-python = ">=3.12"',
    'dependencies = ["fastapi>=0.115", "uvicorn>=0.30"]',
    "",
  ].join("\n"),
  "svc/__init__.py": "",
  "svc/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
};

const DJANGO = {
  "pyproject.toml": [
    "[tool.poetry]",
    "package-mode = false",
    "",
    "[tool.poetry.dependencies]",
    'python = "^3.12"',
    'django = "^5.1"',
    'gunicorn = "^23.0"',
    "",
  ].join("\n"),
  "manage.py": "import sys\n",
  "mysite/__init__.py": "",
  "mysite/settings.py": 'STATIC_ROOT = BASE_DIR / "staticfiles"\n',
  "mysite/wsgi.py": "application = get_wsgi_application()\n",
  "polls/__init__.py": "",
  "polls/templates/polls/index.html": "<p>hi</p>\n",
  "tests/__init__.py": "",
  "conftest.py": "",
};

/** The runtime stage's instructions as "KEYWORD arguments" lines. */
function runtime(dockerfile: string): string[] {
  const lines = instructions(dockerfile).map(([k, args]) => `${k} ${args}`);
  return lines.slice(lines.findIndex((l) => l.endsWith("AS runtime")));
}

describe("the container's command when none is given", () => {
  test("a FastAPI app gets uvicorn on port 8000 and EXPOSE 8000", () => {
    const lines = runtime(synthApp(FASTAPI).Dockerfile);
    expect(lines).toContain("COPY svc ./svc");
    expect(lines).toContain("EXPOSE 8000");
    expect(lines[lines.length - 1]).toBe(
      'CMD ["uvicorn", "svc.main:app", "--host", "0.0.0.0", "--port", "8000"]',
    );
  });

  test("the port option moves both the server and EXPOSE", () => {
    const lines = runtime(synthApp(FASTAPI, { port: 9000 }).Dockerfile);
    expect(lines).toContain("EXPOSE 9000");
    expect(lines[lines.length - 1]).toContain('"--port", "9000"]');
  });

  test("the command option wins over the framework, and then nothing is exposed unless port is set", () => {
    const lines = runtime(
      synthApp(FASTAPI, { command: ["python", "-m", "svc"] }).Dockerfile,
    );
    expect(lines[lines.length - 1]).toBe('CMD ["python", "-m", "svc"]');
    expect(lines.some((l) => l.startsWith("EXPOSE"))).toBe(false);
  });

  test("a single console script wins over the framework", () => {
    const files = {
      ...FASTAPI,
      "pyproject.toml":
        FASTAPI["pyproject.toml"] +
        '[project.scripts]\nserve = "svc.main:run"\n',
    };
    const lines = runtime(synthApp(files).Dockerfile);
    expect(lines[lines.length - 1]).toBe('CMD ["serve"]');
  });

  test("a Django project without a package copies its code, not its tests, and runs collectstatic before dropping root", () => {
    const lines = runtime(synthApp(DJANGO).Dockerfile);
    const copies = lines.filter(
      (l) => l.startsWith("COPY") && !l.includes(".venv"),
    );
    expect(copies).toEqual([
      "COPY manage.py ./manage.py",
      "COPY mysite ./mysite",
      "COPY polls ./polls",
    ]);
    const collect = lines.indexOf(
      "RUN python manage.py collectstatic --noinput",
    );
    expect(collect).toBeGreaterThan(lines.indexOf("COPY polls ./polls"));
    expect(collect).toBeLessThan(lines.indexOf("USER 10001:10001"));
    expect(lines[lines.length - 1]).toBe(
      'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"]',
    );
  });

  test("detectFramework: false turns detection off, and the missing command is an error", () => {
    expect(() => synthApp(DJANGO, { detectFramework: false })).toThrow(
      /the container needs a command: pyproject\.toml declares no console scripts \(none\) and no web framework was found; set the command option/,
    );
  });

  test("a framework that cannot be served is an error that says what is missing", () => {
    const files = {
      ...FASTAPI,
      "pyproject.toml": FASTAPI["pyproject.toml"].replace(
        ', "uvicorn>=0.30"',
        "",
      ),
    };
    expect(() => synthApp(files)).toThrow(
      /FastAPI is among the main dependencies of pyproject\.toml, but no ASGI server among the main dependencies; add uvicorn; fix that, or set the command option/,
    );
  });

  test("an app without a package runs its one top-level script with a __main__ guard", () => {
    const files = {
      "pyproject.toml":
        '[tool.poetry]\npackage-mode = false\n[tool.poetry.dependencies]\npython = "^3.12"\n',
      "job.py": 'if __name__ == "__main__":\n    print("done")\n',
      "helpers.py": "def x():\n    pass\n",
      "test_job.py": 'if __name__ == "__main__":\n    pass\n',
    };
    const lines = runtime(synthApp(files).Dockerfile);
    expect(lines).toContain("COPY helpers.py ./helpers.py");
    expect(lines).toContain("COPY job.py ./job.py");
    expect(lines).not.toContain("COPY test_job.py ./test_job.py");
    expect(lines[lines.length - 1]).toBe('CMD ["python", "job.py"]');
  });

  test("a packaged app with several console scripts still needs the command option", () => {
    const files = {
      ...HELLO,
      "pyproject.toml": HELLO["pyproject.toml"] + 'other = "hello.cli:main"\n',
    };
    expect(() => synthApp(files)).toThrow(
      /declares several console scripts \(greet, other\)/,
    );
  });
});

describe("dependency groups", () => {
  test("every group but main is left out by name, PEP 735 groups only from Poetry 2.2 on", () => {
    const files = {
      ...FASTAPI,
      "pyproject.toml":
        FASTAPI["pyproject.toml"] +
        '[dependency-groups]\nlint = ["ruff"]\n' +
        '[tool.poetry.group.test.dependencies]\npytest = "*"\n' +
        '[tool.poetry.dev-dependencies]\nblack = "*"\n',
    };
    expect(synthApp(files).Dockerfile).toContain(
      "poetry sync --without test,dev,lint --no-root",
    );
    expect(synthApp(files, { poetryVersion: "2.1.2" }).Dockerfile).toContain(
      "poetry sync --without test,dev --no-root",
    );
  });
});
