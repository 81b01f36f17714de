"""The wheel a non-editable install uses must carry the stylesheets the app loads."""

from __future__ import annotations

import gc
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from poboard.process import loading
from poboard.tui.app import STYLESHEETS

REPO = Path(__file__).resolve().parents[2]


def test_the_wheel_ships_every_stylesheet_inside_the_package(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("poboard-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for sheet in STYLESHEETS:
        assert f"poboard/styles/{sheet}" in names
    assert "poboard/cli/__init__.py" in names


def test_every_stylesheet_the_app_names_exists_in_the_checkout() -> None:
    for sheet in STYLESHEETS:
        assert (REPO / "styles" / sheet).is_file()


UNTOUCHED = """
import gc, importlib, os, pkgutil, sys, warnings
import poboard

def state():
    return (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count(), dict(os.environ),
            list(warnings.filters), sys.getrecursionlimit())

before = state()
known = set(sys.modules)
for module in pkgutil.walk_packages(poboard.__path__, "poboard."):
    if module.name != "poboard.__main__":
        importlib.import_module(module.name)
assert state() == before, "the interpreter changed"
ours = ("poboard", "pydantic", "textual", "click", "sqlite_utils")  # theirs load as they will
planted = [n for n in set(sys.modules) - known if n.startswith(ours)
           and getattr(sys.modules[n], "__spec__", None) is None]
print("modules", len(set(sys.modules) - known), "planted", planted)
"""


def test_importing_any_module_leaves_the_interpreter_as_it_found_it() -> None:
    """No collector switches, environment variables, warning filters or modules planted
    in sys.modules: whatever embeds poboard (a test, the MCP server, a web server) gets
    the interpreter it had. Only the console script (`poboard.run`) sets up its process."""
    done = subprocess.run(
        [sys.executable, "-c", UNTOUCHED], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    count, planted = done.stdout.split(" planted ")
    assert int(count.split()[1]) > 100 and planted.strip() == "[]"


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    before = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with loading():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ImportError), loading():
            import poboard.no_such_module  # type: ignore[import-not-found]  # noqa: F401
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if before else gc.disable)()
