# A single-stage build on the full image, for comparison only: Poetry, the
# build tools and the whole project stay in the image.
FROM {{BUILDER_IMAGE}}
RUN pip install poetry && poetry config virtualenvs.in-project true
WORKDIR /app
COPY . .
RUN poetry install --only main
ENV PATH="/app/.venv/bin:$PATH"
