"""The source strings are Chinese, so the zh_Hans catalogue is complete when every msgstr
repeats its msgid. Run after makemessages (``make messages`` does)."""

from __future__ import annotations

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def main() -> None:
    for path in CATALOGUE.glob("*.po"):
        po = polib.pofile(str(path))
        for entry in po:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()
        print(f"{path.name}: {len(po)} entries filled")


if __name__ == "__main__":
    main()
