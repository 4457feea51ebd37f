"""The source strings are Chinese, so the zh_Hans catalogue is complete when every msgstr
repeats its msgid. Run after makemessages (``make messages`` does).

makemessages writes a new catalogue with gettext's template header (fuzzy, no language, no
plural rule); this script also gives it a real header so compilemessages keeps it and Chinese
uses its one plural form."""

from __future__ import annotations

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES"

HEADER = (
    "Simplified Chinese catalogue for Wushe. zh-Hans is the source language, so every msgstr\n"
    "repeats its msgid; `make messages` regenerates and fills it."
)
METADATA = {
    "Project-Id-Version": "wushe",
    "Language": "zh_Hans",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def fill(po: polib.POFile) -> None:
    po.header = HEADER
    po.metadata_is_fuzzy = False
    for key in ("PO-Revision-Date", "Last-Translator", "Language-Team"):
        po.metadata.pop(key, None)
    po.metadata.update(METADATA)
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None


def main() -> None:
    for path in CATALOGUE.glob("*.po"):
        po = polib.pofile(str(path))
        fill(po)
        po.save()
        print(f"{path.name}: {len(po)} entries filled")


if __name__ == "__main__":
    main()
