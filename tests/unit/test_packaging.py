"""The wheel a non-editable install uses must carry the stylesheets the app loads."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

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
