import { Project, typescript } from "projen";
import { PoetryDockerImage } from "projen-poetry-docker";

const project = new Project({ name: "nightly-report" });
new typescript.ProjenrcTs(project);

// No package and no command: the sources and `python report.py` are inferred.
new PoetryDockerImage(project, {
  pythonVersion: "3.13.5",
  debianRelease: "trixie",
  poetryVersion: "2.1.2",
});

project.synth();
