import { Project, typescript } from "projen";
import { PoetryDockerImage } from "projen-poetry-docker";

const project = new Project({ name: "mysite" });
new typescript.ProjenrcTs(project);

// The command, port and collectstatic step come from the Django project.
new PoetryDockerImage(project, {
  env: { DJANGO_ALLOWED_HOSTS: "localhost,127.0.0.1" },
});

project.synth();
