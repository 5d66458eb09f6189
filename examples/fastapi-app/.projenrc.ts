import { Project, typescript } from "projen";
import { PoetryDockerImage } from "projen-poetry-docker";

const project = new Project({ name: "todo" });
new typescript.ProjenrcTs(project);

// Everything comes from pyproject.toml and the code: the newest Python that
// ">=3.12" allows, the package, and uvicorn serving todo.main:app on 8000.
new PoetryDockerImage(project);

project.synth();
