import type { PoetryDockerImageOptions } from "./image-options";
import { assertSingleLine } from "../dockerfile/escaping";
import type { AppLayout } from "../poetry/app-layout";
import type { PyprojectFacts } from "../poetry/pyproject";
import { detectWebFramework } from "../poetry/web-frameworks";
import type { WebServer } from "../poetry/web-frameworks";

/** How the container starts: its command, and the detected server if used. */
export interface Serving {
  readonly command: string[];
  readonly port?: number;
  readonly server?: WebServer;
}

/**
 * The container's command: the option, else the single console script,
 * else the detected web framework's server, else the one top-level script
 * of an app without a package. A detected framework's build-time steps
 * apply whichever command is chosen.
 */
export function chooseServing(
  facts: PyprojectFacts,
  layout: AppLayout,
  options: PoetryDockerImageOptions,
  problems: string[],
): Serving {
  const detection =
    options.detectFramework === false
      ? undefined
      : detectWebFramework(layout, facts.dependencies);
  const server =
    detection && "server" in detection ? detection.server : undefined;
  if (options.command !== undefined) {
    return { command: options.command, server };
  }
  if (facts.scripts.length === 1) {
    try {
      assertSingleLine(facts.scripts[0], `${facts.file}: console script`);
    } catch (e) {
      problems.push((e as Error).message);
    }
    return { command: [facts.scripts[0]], server };
  }
  if (server) {
    const port = options.port ?? server.defaultPort;
    return { command: server.command(port), port, server };
  }
  const main = layout.packages.length === 0 ? mainScript(layout) : undefined;
  if (main !== undefined) {
    return { command: ["python", main] };
  }
  problems.push(commandProblem(facts, detection));
  return { command: [] };
}

/** The single top-level script with a `__main__` guard, if exactly one. */
function mainScript(layout: AppLayout): string | undefined {
  const scripts = layout
    .topLevelCode()
    .filter(
      (path) =>
        path.endsWith(".py") &&
        /^if\s+__name__\s*==\s*["']__main__["']/m.test(layout.read(path)),
    );
  return scripts.length === 1 ? scripts[0] : undefined;
}

function commandProblem(
  facts: PyprojectFacts,
  detection: ReturnType<typeof detectWebFramework>,
): string {
  const hint = 'set the command option, such as command: ["myapp"].';
  if (detection && "problem" in detection) {
    return (
      `the container needs a command: ${detection.framework} is among the main ` +
      `dependencies of ${facts.file}, but ${detection.problem}; fix that, or ${hint}`
    );
  }
  const count = facts.scripts.length === 0 ? "no" : "several";
  const found = facts.scripts.length === 0 ? "none" : facts.scripts.join(", ");
  return (
    `the container needs a command: ${facts.file} declares ${count} console scripts ` +
    `(${found}) and no web framework was found; ${hint}`
  );
}
