"""The house stays readable (issue 17): outside migrations and tests no module over 600 lines
and no function with a cyclomatic complexity of 20 or more (radon)."""

from __future__ import annotations

from pathlib import Path

from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 600
MAX_COMPLEXITY = 20
SKIP_TOP = {".venv", "tests", "node_modules", "var", "static", "locale"}


def product_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in SKIP_TOP or relative.parts[0].startswith("."):
            continue
        if "migrations" in relative.parts:
            continue
        yield relative, path.read_text(encoding="utf-8")


def blocks(text: str):
    """Functions and methods (radon lists a class's methods inside it)."""
    for block in cc_visit(text):
        if hasattr(block, "methods"):
            yield from block.methods
        else:
            yield block


def test_no_module_is_too_long_to_read_in_one_sitting():
    long = [
        f"{relative}: {text.count(chr(10))} lines"
        for relative, text in product_modules()
        if text.count("\n") > MAX_LINES
    ]
    assert long == []


def test_no_function_is_too_complex():
    complex_ = [
        f"{relative}:{block.lineno} {block.fullname} ({block.complexity})"
        for relative, text in product_modules()
        for block in blocks(text)
        if block.complexity >= MAX_COMPLEXITY
    ]
    assert complex_ == []


def test_the_checks_see_a_complex_function():
    source = "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(25))
    assert max(block.complexity for block in blocks(source)) >= MAX_COMPLEXITY
