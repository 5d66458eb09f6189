export * from "./poetry-docker-image";
export * from "./image/image-options";
export * from "./dockerfile/dockerfile";
export * from "./dockerfile/docker-ignore";
export * from "./dockerfile/stage";
export * from "./integrity/managed-file";
export { DriftCheck } from "./integrity/drift-check";
export * from "./poetry/poetry-toml";
