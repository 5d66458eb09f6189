from fastapi import FastAPI

app = FastAPI(title="todo")

ITEMS: list[str] = []


@app.get("/items")
def list_items() -> list[str]:
    return ITEMS


@app.post("/items")
def add_item(item: str) -> list[str]:
    ITEMS.append(item)
    return ITEMS
