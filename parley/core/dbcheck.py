"""`python -m parley.core.dbcheck URL`: exit 0 when the PostgreSQL server at URL answers."""

import sys

import psycopg


def main(url: str) -> int:
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as error:
        print(f"cannot reach PostgreSQL: {str(error).strip().splitlines()[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
