from formatting import headline


def test_headline() -> None:
    assert headline("x") == "== x =="
