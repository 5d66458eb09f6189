import os
import sys


def main() -> None:
    name = os.environ.get("GREETING_NAME", "world")
    print(f"hello, {name}, from python {sys.version.split()[0]} at {sys.executable}")


if __name__ == "__main__":
    main()
