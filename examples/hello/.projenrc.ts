import { Project, typescript } from "projen";
import { PoetryDockerImage } from "projen-poetry-docker";

const project = new Project({ name: "hello" });
new typescript.ProjenrcTs(project);

new PoetryDockerImage(project, {
  // the engine tests build with stand-ins of these exact versions
  pythonVersion: "3.11.9",
  poetryVersion: "1.3.2",
  env: { GREETING_NAME: "container" },
  labels: { "org.opencontainers.image.title": "hello" },
});

project.synth();
