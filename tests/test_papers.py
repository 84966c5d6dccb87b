"""The papers a municipality asks for before it adopts Koers, kept true by the tests.

The licence, publiccode.yml (checked against the Standard for Public Code's rules), the notice
of vendored files with their checksums, and the documents that name code and tests: a paper that
names a test which no longer exists, or a retention period the code does not apply, fails here.
"""

from __future__ import annotations

import copy
import hashlib
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests import publiccode_rules

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
PAPERS = [
    "LICENSE",
    "publiccode.yml",
    "SECURITY.md",
    "CHANGELOG.md",
    "CONTRIBUTING.md",
    "docs/accessibility.md",
    "docs/dpia.md",
    "docs/processing-register.md",
    "docs/security-controls.md",
    "static/vendor/NOTICE.md",
]
# Papers whose `path` and `path::test` references must exist.
CHECKED_REFERENCES = [
    "docs/security-controls.md",
    "docs/accessibility.md",
    "SECURITY.md",
    "CONTRIBUTING.md",
]


def publiccode() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("paper", PAPERS)
def test_every_paper_is_there(paper):
    assert (ROOT / paper).is_file(), f"{paper} is missing"
    assert (ROOT / paper).read_text(encoding="utf-8").strip()


def test_publiccode_yml_follows_the_standard():
    assert publiccode_rules.problems(publiccode(), root=ROOT) == []


def test_publiccode_yml_agrees_with_the_project():
    data = publiccode()
    project = pyproject()["project"]
    assert data["legal"]["license"] == project["license"] == "EUPL-1.2"
    assert data["softwareVersion"] == project["version"]
    assert data["localisation"]["availableLanguages"] == [code for code, _ in settings.LANGUAGES]
    assert set(data["description"]) == {"nl", "en"}


def _set(data: dict, path: str, value) -> dict:
    changed = copy.deepcopy(data)
    *parents, last = path.split(".")
    node = changed
    for key in parents:
        node = node[key]
    if value is KeyError:
        del node[last]
    else:
        node[last] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        ("name", KeyError, "name: missing"),
        ("publiccodeYmlVersion", "9.9", "publiccodeYmlVersion: not a version"),
        ("developmentStatus", "production", "developmentStatus: must be one of"),
        ("softwareType", "web", "softwareType: must be one of"),
        ("categories", ["case-management"], "'case-management' is not in the Standard's list"),
        ("releaseDate", "7-12-2026", "releaseDate: must be a date"),
        ("url", "koers.git", "url: must be an http(s) URL"),
        ("description.nl.shortDescription", "x" * 151, "longer than 150 characters"),
        ("description.en.longDescription", "Too short.", "must be 150 to 10,000 characters"),
        ("legal.license", "Proprietary", "legal.license: not an SPDX expression"),
        ("maintenance.contacts", [], "maintenance.contacts: mandatory when the type is internal"),
        ("maintenance.type", "contract", "maintenance.contractors: mandatory"),
        ("localisation.localisationReady", "yes", "localisationReady: must be true or false"),
        ("localisation.availableLanguages", ["Nederlands"], "is not BCP 47"),
        ("intendedAudience.scope", ["poverty"], "'poverty' is not in the Standard's list"),
        ("dependsOn.open", [{"version": "15"}], "every dependency needs a name"),
        ("owner", "Koers", "owner: not a key of the Standard"),
    ],
)
def test_the_check_catches_what_the_standard_forbids(path, value, problem):
    """The checker is not a formality: each mistake the Standard forbids is named."""
    found = publiccode_rules.problems(_set(publiccode(), path, value), root=ROOT)
    assert any(problem in line for line in found), found


def test_the_licence_is_the_eupl():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("# EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert "Appendix" in text  # the whole licence, with its list of compatible licences


def _notice_rows() -> dict[str, str]:
    """File name -> SHA-256, from the notice's table."""
    notice = (VENDOR / "NOTICE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", notice, re.M)
    return dict(rows)


def test_every_vendored_file_is_in_the_notice_with_its_checksum():
    rows = _notice_rows()
    files = {path.name for path in VENDOR.iterdir() if path.name != "NOTICE.md"}
    assert set(rows) == files, "static/vendor and static/vendor/NOTICE.md list different files"
    for name, digest in rows.items():
        actual = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert actual == digest, f"{name} changed: update its version and SHA-256 in NOTICE.md"


def test_no_vendored_file_reserves_its_rights():
    """Koers is EUPL: it may not pass on files whose licence reserves all rights (the Utrecht
    design tokens did)."""
    for path in VENDOR.iterdir():
        if path.suffix in {".css", ".js"}:
            head = path.read_text(encoding="utf-8", errors="replace")[:2000]
            assert "All rights reserved" not in head, path.name


def _references(paper: str) -> list[tuple[str, str | None]]:
    text = (ROOT / paper).read_text(encoding="utf-8")
    found = []
    for ref in re.findall(
        r"`([A-Za-z0-9_./-]+\.(?:py|md|yml|conf|toml)(?:::[A-Za-z0-9_]+)?)`", text
    ):
        path, _, test = ref.partition("::")
        if "/" in path or path.endswith(".md"):
            found.append((path, test or None))
    return found


@pytest.mark.parametrize("paper", CHECKED_REFERENCES)
def test_every_file_and_test_a_paper_names_exists(paper):
    references = _references(paper)
    assert references, f"{paper} names no file"
    base = ROOT / Path(paper).parent
    for path, test in references:
        target = ROOT / path if (ROOT / path).exists() else base / path
        assert target.exists(), f"{paper} names {path}, which does not exist"
        if test:
            source = target.read_text(encoding="utf-8")
            assert re.search(rf"^def {test}\(", source, re.M), f"{paper} names {path}::{test}"


def test_retention_in_the_processing_register_is_what_the_code_applies():
    from casework.registry import programmes

    register = (ROOT / "docs" / "processing-register.md").read_text(encoding="utf-8")
    row = next(line for line in register.splitlines() if line.startswith("| retention in Koers"))
    years = [int(cell.split()[0]) for cell in row.strip("|").split("|")[1:]]
    columns = [("gezinslab", "buurtgezinnen"), ("schuldenvrij",), ("lifecoaching",)]
    columns.append(("baangarantie",))
    specs = programmes()
    assert len(years) == len(columns)
    for codes, expected in zip(columns, years, strict=True):
        for code in codes:
            assert specs[code].retention_years == expected, code
    assert {code for codes in columns for code in codes} == set(specs)


def test_the_changelog_has_an_unreleased_section():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "\n## Unreleased\n" in changelog
