import { Project, typescript } from "projen";
import { PoetryDockerImage } from "projen-poetry-docker";

const project = new Project({ name: "wordcount" });
new typescript.ProjenrcTs(project);

// Python, the package under src/ and the command come from pyproject.toml.
// The versions are those of the Debian trixie stand-ins the engine tests use.
new PoetryDockerImage(project, {
  pythonVersion: "3.13.5",
  debianRelease: "trixie",
  poetryVersion: "2.1.2",
});

project.synth();
