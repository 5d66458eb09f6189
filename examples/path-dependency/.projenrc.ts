import { Project, typescript } from "projen";
import { PoetryDockerImage } from "projen-poetry-docker";

const project = new Project({ name: "greeter" });
new typescript.ProjenrcTs(project);

// libs/banner is a path dependency: it is copied before the dependency
// install and built into the venv, so the runtime image needs no copy of it.
new PoetryDockerImage(project, {
  pythonVersion: "3.11.9",
  poetryVersion: "1.3.2",
});

project.synth();
