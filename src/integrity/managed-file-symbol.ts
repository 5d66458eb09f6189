/** Brands instances of `ManagedFile`, so other modules can find them. */
export const MANAGED_FILE = Symbol.for("projen-poetry-docker.ManagedFile");
