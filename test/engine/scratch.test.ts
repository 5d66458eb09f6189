import { LogLevel, Project } from "projen";
import { PoetryDockerImage } from "../../src";
test("scratch synth", () => {
  process.env.PROJEN_DISABLE_POST = "true";
  const project = new Project({ name: "pathapp", outdir: "/tmp/eng-proto/app", logging: { level: LogLevel.OFF } });
  new PoetryDockerImage(project, { pythonVersion: "3.11.9", poetryVersion: "1.3.2" });
  project.synth();
});
