"""The wheel: every package listed, the built-in theme inside, and a fresh-venv install works."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest
from sitekit import REPO


def test_every_subpackage_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(path.parent.relative_to(REPO).parts)
        for path in (REPO / "sitegen").rglob("__init__.py")
    }
    assert found | {"sitegen._theme"} == listed


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_builds_a_new_site(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("sitegen-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True
    )
    assert install.returncode == 0, install.stderr
    sitegen = env_dir / "bin" / "sitegen"
    work = tmp_path / "elsewhere"  # no checkout around: not the repository, not its parent
    work.mkdir()
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    init = subprocess.run(
        [sitegen, "init", "x"], cwd=work, capture_output=True, text=True, env=clean_env
    )
    assert init.returncode == 0, init.stderr
    built = subprocess.run(
        [sitegen, "build"], cwd=work / "x", capture_output=True, text=True, env=clean_env
    )
    assert built.returncode == 0, built.stderr
    home = (work / "x/public/index.html").read_text("utf-8")
    assert "はじめての記事" in home
    assert list((work / "x/public/assets/css").glob("site.*.css"))
    script = "from sitegen.serve.live import reload_script; print(len(reload_script()))"
    shipped = subprocess.run(
        [python, "-c", script], cwd=work, capture_output=True, text=True, env=clean_env
    )
    assert shipped.returncode == 0 and int(shipped.stdout) > 0, shipped.stderr  # serve's reload.js
    # The README's command (Themes) finds the built-in theme inside the installed package.
    script = "from sitegen.discover import builtin_theme_dir; print(builtin_theme_dir())"
    where = subprocess.run(
        [python, "-c", script], cwd=work, capture_output=True, text=True, env=clean_env
    )
    assert where.returncode == 0, where.stderr
    theme = Path(where.stdout.strip())
    assert theme.parts[-3:] == ("site-packages", "sitegen", "_theme")
    assert (theme / "templates/partials/sidebar.html").is_file()
