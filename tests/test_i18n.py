"""Dutch is the default language, English the second one.

The English catalogue (locale/en/LC_MESSAGES/django.po) is complete: no untranslated and no fuzzy
entries, placeholders kept, and the committed .mo is compiled from the current .po (a fresh machine
may lack the gettext tools, so the .mo is in git).
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

DUTCH_TITLE = "Inloggen bij Koers"
ENGLISH_TITLE = "Log in to Koers"


# --- the login page in both languages -------------------------------------------------------


def login_page(client) -> str:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    return response.content.decode()


def test_login_page_is_dutch_by_default(client):
    html = login_page(client)
    assert DUTCH_TITLE in html
    assert ENGLISH_TITLE not in html
    assert '<html lang="nl"' in html


def test_login_page_is_english_with_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = login_page(client)
    assert ENGLISH_TITLE in html
    assert DUTCH_TITLE not in html
    assert '<html lang="en"' in html
    assert "Username" in html
    assert "Password" in html


def test_switching_language_through_set_language(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = client.get(reverse("accounts:login")).content.decode()
    assert ENGLISH_TITLE in html
    assert DUTCH_TITLE not in html


def test_switching_back_to_dutch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})

    html = client.get(reverse("accounts:login")).content.decode()
    assert DUTCH_TITLE in html


# --- the catalogue -------------------------------------------------------------------------------

_FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def _entries() -> list[dict]:
    """Parse the .po file by hand (no extra dependency): one dict per entry, obsolete ones skipped."""
    entries = []
    for block in PO_FILE.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set(), "fields": {}}
        key = None
        for line in block.strip().splitlines():
            if line.startswith("#~"):
                key = None
                continue
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry["fields"][key] += _unescape(line[1:-1])
            else:
                match = _FIELD.match(line)
                assert match, f"unparsable line in {PO_FILE.name}: {line!r}"
                key = match.group(1)
                entry["fields"][key] = _unescape(match.group(2))
        if "msgid" in entry["fields"]:
            entries.append(entry)
    return entries


def _translations(entry: dict) -> list[str]:
    fields = entry["fields"]
    return [value for key, value in fields.items() if key.startswith("msgstr")]


def _label(entry: dict) -> str:
    return repr(entry["fields"]["msgid"])


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*\w+\s*\}\}|\{\w*\}")


def test_po_file_exists_and_has_header():
    entries = _entries()
    assert entries, f"{PO_FILE} is empty"
    header = entries[0]
    assert header["fields"]["msgid"] == ""
    assert "Language: en" in header["fields"]["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["fields"]["msgstr"]


def test_po_file_has_no_fuzzy_entries():
    fuzzy = [_label(e) for e in _entries() if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"


def test_po_file_has_no_untranslated_entries():
    untranslated = [
        _label(e) for e in _entries() if e["fields"]["msgid"] and not all(_translations(e))
    ]
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_plural_entries_have_both_forms():
    for entry in _entries():
        if "msgid_plural" in entry["fields"]:
            assert {"msgstr[0]", "msgstr[1]"} <= entry["fields"].keys(), _label(entry)


def test_translations_keep_placeholders():
    for entry in _entries():
        msgid = entry["fields"]["msgid"]
        if not msgid:
            continue
        source = sorted(_PLACEHOLDER.findall(msgid + entry["fields"].get("msgid_plural", "")))
        for translation in _translations(entry):
            found = sorted(_PLACEHOLDER.findall(translation))
            assert set(found) == set(source), f"{_label(entry)}: {translation!r}"


def test_compiled_mo_matches_po():
    assert MO_FILE.exists(), "run manage.py compilemessages and commit the .mo file"
    with MO_FILE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in _entries():
        fields = entry["fields"]
        if not fields["msgid"]:
            continue
        msgid = fields["msgid"]
        if "msgctxt" in fields:
            msgid = f"{fields['msgctxt']}\x04{msgid}"
        if "msgid_plural" in fields:
            compiled = [catalogue._catalog.get((msgid, i)) for i in range(2)]
            expected = [fields["msgstr[0]"], fields["msgstr[1]"]]
        else:
            compiled = [catalogue._catalog.get(msgid)]
            expected = [fields["msgstr"]]
        if compiled != expected:
            stale.append(_label(entry))
    assert not stale, f"django.mo is out of date for: {stale}; run manage.py compilemessages"


@pytest.mark.parametrize(
    ("dutch", "english"),
    [
        ("Inloggen bij Koers", "Log in to Koers"),
        ("Mijn dossiers", "My files"),
        ("Nieuwe deelnemer", "New participant"),
    ],
)
def test_translation_is_active_for_english(dutch, english):
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext(dutch) == english
    with translation.override("nl"):
        assert translation.gettext(dutch) == dutch
