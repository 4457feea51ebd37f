#!/usr/bin/env python
import os
import sys
from pathlib import Path

# `make install` writes development defaults here (DEBUG=true) so that `manage.py` works in a
# developer's checkout without exporting anything. They apply only where no SECRET_KEY is set:
# a configured server (which always sets SECRET_KEY) ignores the file, and whatever the
# environment sets always wins.
DEV_ENV = Path(__file__).resolve().parent / "var" / "dev.env"


def load_dev_env() -> None:
    if "SECRET_KEY" in os.environ or not DEV_ENV.is_file():
        return
    for line in DEV_ENV.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() and not key.lstrip().startswith("#"):
            os.environ.setdefault(key.strip(), value.strip())


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wushe.settings")
    load_dev_env()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
