"""The reports' pictures: valid SVG/PNG files of the expected size, not blank, with the data's
labels in the SVG text (both backends); a PNG is never written to a terminal."""

from __future__ import annotations

import io
import os
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from tests.conftest import CLI, added_id
from tests.terminal import on_terminal

SVG = "{http://www.w3.org/2000/svg}"
WIDTH, HEIGHT = 960, 480  # career.reports.pictures: 9.6 x 4.8 inches at 100 dpi


@pytest.fixture
def search(cli: CLI, tmp_path: Path) -> CLI:
    a = added_id(cli("add-application", "FAR.AI", "eng", "--applied", "2024-03-01"))
    cli("app", "move", str(a), "screening", "--on", "2024-03-10")
    b = added_id(cli("add-application", "SPAR", "--applied", "2024-03-05"))
    cli("app", "move", str(b), "rejected", "--on", "2024-03-12")
    added_id(cli("add-application", "Redwood", "--applied", "2024-04-02"))
    log = tmp_path / "log.md"
    log.write_text(
        "[[2024-04-02]]\nDone:\n- implemented DPO in PyTorch\n\n"
        "[[2024-04-03]]\nDone:\n- read about RLHF\n",
        encoding="utf-8",
    )
    assert cli("journal", "import", str(log)).exit_code == 0
    return cli


def check_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (WIDTH, HEIGHT)  # IHDR
    image = Image.open(io.BytesIO(data))
    image.verify()
    image = Image.open(io.BytesIO(data)).convert("L")
    assert image.size == (WIDTH, HEIGHT)
    assert ImageStat.Stat(image).var[0] > 100  # not one flat colour


def svg_texts(path: Path) -> tuple[ET.Element, str]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {WIDTH * 0.72:g} {HEIGHT * 0.72:g}"  # points
    shapes = [e for e in root.iter() if e.tag in (f"{SVG}path", f"{SVG}rect", f"{SVG}use")]
    assert len(shapes) > 10  # drawn: an empty figure has one or two
    return root, " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


REPORTS = [
    (["funnel"], ["applied", "any response", "screening", "rejected 1", "waiting 1"]),
    (["activity", "--since", "2024-03-01", "--until", "2024-04-30"], ["2024-03", "responses"]),
    (
        ["skills", "--since", "2024-03-01", "--until", "2024-04-30"],
        ["Mar", "Apr", "2 evidence lines on 2 journal days"],
    ),
]


@pytest.mark.parametrize(("argv", "labels"), REPORTS, ids=["flow", "bars", "calendar"])
def test_svg_and_png(search: CLI, home: Path, argv: list[str], labels: list[str]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    svg, png = home / "picture.svg", home / "picture.png"
    for fmt, path in (("svg", svg), ("png", png)):
        result = search("report", *argv, "--format", fmt, "--out", str(path))
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    check_png(png)
    _, text = svg_texts(svg)
    for label in labels:
        assert label in text


def test_a_picture_is_not_written_over_a_file(search: CLI, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    out = home / "flow.png"
    out.write_text("mine")
    result = search("report", "funnel", "--format", "png", "--out", str(out))
    assert result.exit_code == 4 and "exists" in result.stderr
    assert out.read_text() == "mine"


@pytest.mark.parametrize("backend", ["sqlite"])
def test_png_without_out_on_a_terminal_is_refused(search: CLI, db_url: str, home: Path) -> None:
    env = {**os.environ, "CAREER_DB": db_url}
    shown, proc = on_terminal(["report", "funnel", "--format", "png"], env)
    assert proc.returncode == 2
    assert shown == b""
    assert proc.stderr is not None
    assert proc.stderr.read().decode().splitlines() == [
        "career: error: --format png writes a picture: give --out FILE.png"
    ]
