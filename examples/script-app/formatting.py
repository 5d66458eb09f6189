def headline(text: str) -> str:
    return f"== {text} =="
