from datetime import date

from formatting import headline


def run() -> None:
    print(headline(f"nightly report for {date.today():%Y}"))


if __name__ == "__main__":
    run()
