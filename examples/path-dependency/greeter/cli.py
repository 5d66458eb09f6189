from banner import boxed


def main() -> None:
    print(boxed("hello from a path dependency"))


if __name__ == "__main__":
    main()
