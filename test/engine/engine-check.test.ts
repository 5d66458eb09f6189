import { checkEngine, DOCKER } from "./engine";

describe("the engine check", () => {
  test("passes and names the server version when the engine answers", () => {
    expect(checkEngine()).toMatch(/^\d+\.\d+/);
  });

  test("fails loudly with the setup command when the engine cannot be reached", () => {
    const unreachable = {
      DOCKER_HOST: "unix:///nonexistent/ppd-engine-test.sock",
    };
    expect(() => checkEngine(unreachable)).toThrow(
      `The Docker engine could not be reached: \`${DOCKER} info\` exited with 1`,
    );
    expect(() => checkEngine(unreachable)).toThrow(
      "Cannot connect to the Docker daemon at unix:///nonexistent/ppd-engine-test.sock",
    );
    expect(() => checkEngine(unreachable)).toThrow(
      "Run `bash scripts/engine-setup.sh` as root",
    );
  });
});
