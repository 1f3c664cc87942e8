"""The built wheel carries the templates: install it into a fresh venv and render a form."""

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_templates(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("commscli-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    # the fresh venv has only commscli; let it see this environment's dependencies (not its source tree)
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    code = (
        "import commscli.render as r; print(r.builtin_templates()); "
        "print(r.Renderer().form('household', 'text', household=dict(office='JM01', building='1栋', room='101', "
        "name='王芳', phone='13800138000', kind='owner', use='home', move_in='2026-10-01', occupied=1)))"
    )
    out = subprocess.run(
        [str(py), "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert out.returncode == 0, out.stderr
    templates_dir, form = out.stdout.split("\n", 1)
    assert templates_dir.startswith(str(env_dir)) and templates_dir.endswith("commscli/templates")
    assert "业户信息卡" in form and "138****8000" in form
