# The common hand-written recipe for a Poetry app, for comparison only.
# The builder installs the locked dependencies into an in-project venv; the
# runtime stage copies the builder's whole /app, then the source.
FROM {{BUILDER_IMAGE}} AS builder
RUN pip install poetry && poetry config virtualenvs.in-project true
WORKDIR /app
COPY pyproject.toml poetry.lock ./
{{COPY_PATH_DEPENDENCIES}}
# --no-root: without it Poetry wants the package source, which is not here yet
RUN poetry install --no-root

FROM {{RUNTIME_IMAGE}}
WORKDIR /app
COPY --from=builder /app .
{{COPY_SOURCES}}
ENV PATH="/app/.venv/bin:$PATH"
