"""The dependency rules of DESIGN.md, checked on the source: an import that breaks one fails."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAMME_APPS = {"gezinslab", "schuldenvrij", "lifecoaching", "baangaranties"}
CROSS_APPS = {"financing", "research", "monitoring"}
DOMAIN_APPS = {"casework"} | PROGRAMME_APPS | CROSS_APPS

FORBIDDEN = {
    "privacy": DOMAIN_APPS | {"apibase", "koers"},
    "accounts": DOMAIN_APPS | {"apibase", "koers"},
    # The shared API framework sits below the domain apps and above accounts.
    "apibase": DOMAIN_APPS | {"koers"},
    "casework": PROGRAMME_APPS | CROSS_APPS,
    **{app: PROGRAMME_APPS - {app} for app in PROGRAMME_APPS},
}


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_dependency_rules_hold():
    broken = []
    for app, forbidden in FORBIDDEN.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            bad = imported_top_levels(path) & forbidden
            if bad:
                broken.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert broken == []


# koers/ is configuration: settings, URL roots, WSGI/ASGI. Only the URL roots import apps, and
# nothing outside koers/ imports from it (its settings are reached through django.conf).
KOERS_URL_ROOTS = {"urls.py", "api_urls.py"}
PROJECT_PACKAGES = {"accounts", "privacy", "apibase"} | DOMAIN_APPS


def test_koers_is_configuration_only():
    broken = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        top = relative.parts[0]
        if top in {".venv", "tests", "benchmarks", "node_modules"} or top.startswith("."):
            continue
        imported = imported_top_levels(path)
        if top == "koers":
            apps = imported & PROJECT_PACKAGES
            if apps and path.name not in KOERS_URL_ROOTS:
                broken.append(f"{relative} imports {sorted(apps)}")
        elif "koers" in imported and path.name != "manage.py":
            broken.append(f"{relative} imports koers")
    assert broken == []


def test_the_check_finds_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from casework.models import Participant\nimport os\n", encoding="utf-8")
    assert "casework" in imported_top_levels(sample)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


# research and financing never decrypt an identifier: no cipher, no decrypting selector.
NEVER_DECRYPT = {
    "privacy.crypto",
    "casework.selectors.decrypt_person",
    "casework.selectors.participant_file",
    "casework.selectors.participant_identity",
    "casework.selectors.caseload",
    "casework.selectors.people",
    "casework.selectors.file",
}


def test_research_and_financing_never_decrypt():
    broken = []
    for app in CROSS_APPS - {"monitoring"}:
        for path in sorted((ROOT / app).rglob("*.py")):
            bad = {m for m in imported_modules(path) if any(m.startswith(n) for n in NEVER_DECRYPT)}
            if bad:
                broken.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert broken == []


# research and financing read case data through casework.facts and selectors, never through the
# case models themselves (reference data such as Programme is fine). Only the demo seed, which
# makes fictitious data, may touch them; type hints under TYPE_CHECKING do not count.
CASE_MODELS = {
    f"casework.models.{name}"
    for name in (
        "Participant",
        "Household",
        "HouseholdMembership",
        "Enrolment",
        "Plan",
        "Goal",
        "ProgressEntry",
        "Measurement",
        "MeasurementValue",
        "Transfer",
        "BreakGlassAccess",
        "OutcomeValue",
    )
}


def _runtime_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for child in ast.walk(node)
    }
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_research_and_financing_read_case_data_through_facts_and_selectors():
    broken = []
    for app in CROSS_APPS - {"monitoring"}:
        for path in sorted((ROOT / app).rglob("*.py")):
            if path.name == "demo.py":
                continue
            bad = _runtime_imports(path) & CASE_MODELS
            if bad:
                broken.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert broken == []


def test_the_case_model_check_sees_runtime_imports_only(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "from casework.models import Enrolment\n"
        "if TYPE_CHECKING:\n"
        "    from casework.models import Participant\n",
        encoding="utf-8",
    )
    found = _runtime_imports(sample) & CASE_MODELS
    assert found == {"casework.models.Enrolment"}


def test_no_product_module_imports_demo_data():
    """Demo and synthetic data live in demo/, above every app: nothing else imports them,
    and nothing imports a management command."""
    broken = []
    for app in sorted(PROJECT_PACKAGES) + ["koers"]:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = str(path.relative_to(ROOT))
            if "management/commands" in relative:
                continue
            commands = any(".management.commands." in m for m in imported_modules(path))
            if commands or "demo" in imported_top_levels(path):
                broken.append(relative)
    assert broken == []


def test_programme_hooks_are_objects_and_retention_comes_from_the_registry():
    """Programme apps plug in with callables a checker sees, not dotted strings; privacy
    learns each programme's retention from the registry, not from a list of codes."""
    from casework.registry import programmes
    from privacy.registry import retention_years

    specs = programmes()
    assert set(specs) >= {"gezinslab", "buurtgezinnen", "schuldenvrij", "lifecoaching"}
    for spec in specs.values():
        for hook in (spec.file_section, spec.subject_data):
            assert hook is None or callable(hook), spec.code
        assert spec.retention_years is not None, spec.code
    assert retention_years() == {code: spec.retention_years for code, spec in specs.items()}
    source = (ROOT / "privacy" / "management" / "commands" / "apply_retention.py").read_text()
    assert not any(f'"{code}"' in source for code in specs)
