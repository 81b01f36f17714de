"""Textual's private modules and members are imported in one file only,
tui/textual_fixes.py, where each work-around names its upstream bug and the Textual
versions it was written for. Anywhere else, a Textual release that reworks its insides
would break poboard."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "poboard"
ALLOWED = {SRC / "tui" / "textual_fixes.py"}


def is_private(dotted: str) -> bool:
    return any(part.startswith("_") for part in dotted.split("."))


def is_textual(module: str) -> bool:
    return module == "textual" or module.startswith("textual.")


def private_textual_imports(source: str) -> list[str]:
    """Each import of a private Textual module or member, as `line: statement`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                f"{node.lineno}: import {alias.name}"
                for alias in node.names
                if is_textual(alias.name) and is_private(alias.name)
            ]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [alias.name for alias in node.names]
            if is_textual(node.module) and (
                is_private(node.module) or any(is_private(name) for name in names)
            ):
                found.append(f"{node.lineno}: from {node.module} import {', '.join(names)}")
    return found


@pytest.mark.parametrize(
    "source",
    [
        "import textual._context",
        "import textual.widgets._select as select",
        "from textual.widgets._select import SelectOverlay",
        "from textual._compositor import Compositor",
        "from textual.widgets import Input, _select",
        "from textual import _context",
        "def f():\n    from textual.widgets._tabs import Underline",
    ],
)
def test_the_check_sees_a_private_import_in_any_form(source: str) -> None:
    assert private_textual_imports(source)


@pytest.mark.parametrize(
    "source",
    [
        "from textual.widgets import OptionList, Select",
        "from textual.widgets.option_list import Option",
        "import textual.widgets",
        "from ._select import mine",  # poboard's own relative import
        "from rich._loop import loop_last",  # not Textual
    ],
)
def test_the_check_lets_the_public_api_pass(source: str) -> None:
    assert not private_textual_imports(source)


def test_only_textual_fixes_imports_textual_private_modules_or_members() -> None:
    offenders = {
        str(path.relative_to(SRC)): found
        for path in sorted(SRC.rglob("*.py"))
        if path not in ALLOWED and (found := private_textual_imports(path.read_text()))
    }
    assert offenders == {}, "private Textual imports outside tui/textual_fixes.py"


def textual_private_overrides(module_name: str) -> list[str]:
    """Each method a class of this module defines under a name private to a Textual (or
    Rich) class it inherits from: an override of Textual's insides."""
    import importlib
    import inspect

    module = importlib.import_module(module_name)
    found = []
    for cls in vars(module).values():
        if not inspect.isclass(cls) or cls.__module__ != module_name:
            continue
        for name, member in vars(cls).items():
            if not (name.startswith("_") and not name.startswith("__")):
                continue
            if not inspect.isfunction(member):
                continue
            for base in cls.__mro__[1:]:
                if base.__module__.startswith(("textual", "rich")) and name in vars(base):
                    found.append(f"{cls.__name__}.{name} overrides {base.__name__}.{name}")
                    break
    return found


def test_no_class_outside_textual_fixes_overrides_a_private_textual_member() -> None:
    offenders = {}
    for path in sorted((SRC / "tui").rglob("*.py")):
        if path in ALLOWED:
            continue
        name = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        if found := textual_private_overrides(name.removesuffix(".__init__")):
            offenders[name] = found
    assert offenders == {}, "private Textual members overridden outside tui/textual_fixes.py"


def test_the_override_check_sees_one() -> None:
    found = textual_private_overrides("tests.unit.private_override_sample")
    assert found == ["Sized._size_updated overrides Widget._size_updated"]
