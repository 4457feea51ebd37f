"""The translation catalogues: zh-Hans and English both compiled, English complete and in step with
the code, and pages answered in the visitor's language (zh-Hans unless they ask for English).

The "in step with the code" check reads the source with a regex (templates) and the Python
parser (modules) instead of running makemessages, which is slow and needs GNU gettext. It is
best-effort: it catches a string added to the code without `make messages` being run."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.conftest import csrf_post

ROOT = Path(settings.BASE_DIR)
CODE = ROOT / "wushe"
LOCALE = ROOT / "locale"
LANGUAGES = ["zh_Hans", "en"]


def catalogue(language: str, suffix: str = "po") -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"django.{suffix}"


def translations(entries) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """(context, msgid) → the translated forms, for every entry gettext would use."""
    found = {}
    for entry in entries:
        if "fuzzy" in entry.flags or getattr(entry, "obsolete", False):
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
        else:
            forms = (entry.msgstr,)
        found[(entry.msgctxt, entry.msgid)] = forms
    return found


@pytest.fixture(scope="module")
def english() -> polib.POFile:
    return polib.pofile(str(catalogue("en")))


# --- compiled and complete ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_ships_each_catalogue_compiled_from_its_current_source(language):
    source, compiled = catalogue(language), catalogue(language, "mo")
    assert source.is_file()
    assert compiled.is_file(), f"{compiled.relative_to(ROOT)} is missing: run `make messages`"
    assert translations(polib.mofile(str(compiled))) == translations(polib.pofile(str(source))), (
        f"{compiled.relative_to(ROOT)} is older than its .po: run `make messages`"
    )


def test_the_chinese_catalogue_repeats_every_source_string():
    po = polib.pofile(str(catalogue("zh_Hans")))
    assert len(po) > 0
    assert po.metadata["Plural-Forms"].startswith("nplurals=1")
    for entry in po:
        assert "fuzzy" not in entry.flags, entry.msgid
        if entry.msgid_plural:
            assert entry.msgstr_plural == {0: entry.msgid}, entry.msgid
        else:
            assert entry.msgstr == entry.msgid, entry.msgid


def test_every_english_entry_is_translated_and_none_is_fuzzy(english):
    assert english.metadata["Plural-Forms"].startswith("nplurals=2")
    problems = []
    for entry in english:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid}")
        elif entry.obsolete:
            problems.append(f"obsolete: {entry.msgid}")
        elif entry.msgid_plural:
            if sorted(entry.msgstr_plural) != [0, 1] or not all(entry.msgstr_plural.values()):
                problems.append(f"needs two plural forms: {entry.msgid}")
        elif not entry.msgstr.strip():
            problems.append(f"untranslated: {entry.msgid}")
    assert problems == []


PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[sdifr]|%[sdifr]")


def placeholders(text: str) -> list[str]:
    return sorted(match.group(1) or match.group(0) for match in PLACEHOLDER.finditer(text.replace("%%", "")))


def test_english_keeps_every_placeholder_of_the_source(english):
    mismatched = []
    for entry in english:
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            # Chinese has one plural form, so the plural English form may drop nothing either.
            if placeholders(form) != placeholders(entry.msgid):
                mismatched.append((entry.msgid, form))
    assert mismatched == []


def test_english_keeps_the_markup_and_line_breaks_of_the_source(english):
    def shape(text: str) -> tuple:
        return sorted(re.findall(r"</?\w+", text)), text.startswith("\n"), text.endswith("\n")

    mismatched = []
    for entry in english:
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        mismatched += [(entry.msgid, form) for form in forms if shape(form) != shape(entry.msgid)]
    assert mismatched == []


# --- in step with the code ----------------------------------------------------------------------

TRANSLATE_TAG = re.compile(r"""{%\s*trans(?:late)?\s+(["'])(.*?)\1([^%]*)%}""", re.S)
BLOCK_TAG = re.compile(r"{%\s*blocktrans(?:late)?\b([^%]*)%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.S)
PLURAL_TAG = re.compile(r"{%\s*plural\s*%}")
TEMPLATE_VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")
CONTEXT = re.compile(r"""context\s+(["'])(.*?)\1""")
UNDERSCORE = re.compile(r"""\b_\(\s*(["'])(.*?)\1\s*\)""")
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
PGETTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


def template_strings(text: str):
    for match in TRANSLATE_TAG.finditer(text):
        context = CONTEXT.search(match.group(3))
        yield (context.group(2) if context else None), match.group(2)
    for match in BLOCK_TAG.finditer(text):
        args, body = match.groups()
        singular = PLURAL_TAG.split(body)[0]
        # As Django's template extractor does: literal % doubled, {{ name }} → %(name)s.
        parts = re.split(r"({{.*?}})", singular)
        msgid = "".join(
            TEMPLATE_VARIABLE.sub(r"%(\1)s", part) if part.startswith("{{") else part.replace("%", "%%")
            for part in parts
        )
        if re.search(r"\btrimmed\b", args):
            msgid = re.sub(r"\s*\n\s*", " ", msgid.strip())
        context = CONTEXT.search(args)
        yield (context.group(2) if context else None), msgid
    for match in UNDERSCORE.finditer(text):
        yield None, match.group(2)


def python_strings(text: str):
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        args = [
            arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None for arg in node.args
        ]
        if name in GETTEXT and args and args[0] is not None:
            yield None, args[0]
        elif name in PGETTEXT and len(args) > 1 and args[0] is not None and args[1] is not None:
            yield args[0], args[1]


def strings_in_the_code():
    for path in sorted(CODE.rglob("*")):
        parts = path.relative_to(CODE).parts
        if "migrations" in parts or "__pycache__" in parts or not path.is_file():
            continue
        if path.suffix == ".py":
            found = python_strings(path.read_text(encoding="utf-8"))
        elif path.suffix in {".html", ".txt"} and "templates" in parts:
            found = template_strings(path.read_text(encoding="utf-8"))
        else:
            continue
        for key in found:
            yield path.relative_to(ROOT), key


def test_the_scan_finds_strings_of_every_kind():
    # The extractor itself: a scan that found nothing would pass the test below vacuously.
    template = (
        "{% translate \"组织\" %}{% translate '视图' %}"
        "{% blocktranslate with n=x %}第 {{ n }} 行{% endblocktranslate %}"
        "{% blocktranslate count counter=c %}{{ counter }} 项变更{% plural %}"
        "{{ counter }} 项变更{% endblocktranslate %}"
        '{{ e.actor.name|default:_("系统") }}'
    )
    assert [msgid for _, msgid in template_strings(template)] == [
        "组织",
        "视图",
        "第 %(n)s 行",
        "%(counter)s 项变更",
        "系统",
    ]
    module = 'x = _("首页")\ny = ngettext("至少 %(n)d 项。", "至少 %(n)d 项。", n)\nz = gettext_lazy("名" "称")'
    assert [msgid for _, msgid in python_strings(module)] == ["首页", "至少 %(n)d 项。", "名称"]
    assert sum(1 for _ in strings_in_the_code()) > 500


def test_the_english_catalogue_has_every_string_in_the_code(english):
    known = {(entry.msgctxt, entry.msgid) for entry in english}
    missing = sorted(
        {f"{path}: {msgid}" for path, (context, msgid) in strings_in_the_code() if (context, msgid) not in known}
    )
    assert missing == [], "Run `make messages` and translate the new entries."


# --- pages in the visitor's language ------------------------------------------------------------


def heading(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def test_it_shows_the_sign_in_page_in_chinese_by_default(db, client_for):
    response = client_for(None).get("/accounts/login/")
    assert heading(response) == "登录五社联动"
    assert '<html lang="zh-CN">' in response.content.decode()


def test_it_shows_the_sign_in_page_in_english_when_the_browser_asks(db, client_for):
    response = client_for(None).get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    page = response.content.decode()
    assert heading(response) == "Sign in to Wushe"
    assert "Forgot password?" in page
    assert "<title>Sign in" in page
    assert '<html lang="en">' in page


def test_it_shows_the_organisation_list_in_the_language_of_the_cookie(personas, client_for):
    client = client_for(personas.gina_grantee)
    assert heading(client.get("/organisations/")) == "组织"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/organisations/")
    assert heading(response) == "Organisations"
    assert "Name, pinyin or initials" in response.content.decode()


def test_it_switches_to_english_with_the_language_form(personas, client_for):
    client = client_for(personas.gina_grantee)
    response = csrf_post(client, "/i18n/setlang/", {"language": "en", "next": "/organisations/"})
    assert response.status_code == 302
    page = client.get("/organisations/").content.decode()
    assert "Sign out" in page
    assert "退出登录" not in page
