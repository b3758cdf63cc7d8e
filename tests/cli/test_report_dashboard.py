"""`career report dashboard --out FILE.html`, opened in a real headless Chromium (Debian's
`chromium`, driven by Playwright; no browser is downloaded). Outside CI, a machine without
Chromium skips the browser tests and says why; in CI (`CI` set) a missing browser fails them.
"""

from __future__ import annotations

import io
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from tests.conftest import CLI, added_id, assert_refused

HOSTILE_ORG = "<script>document.title='pwned-org'</script>Evil & Co"
HOSTILE_ROLE = "<img src=x onerror=\"document.title='pwned-role'\">"
JOURNAL = """\
[[2024-04-02]]
Done:
- implemented DPO in PyTorch <script>document.title='pwned-journal'</script>
- read about RLHF <img src=x onerror="document.title='pwned-img'"> [x](javascript:alert(1))
"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def need_browser() -> str:
    path = chromium()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium and Playwright (.ci/run installs them)")
        pytest.skip("no Chromium here (apt-get install chromium); CI runs this test")
    return path


@pytest.fixture
def search(cli: CLI, tmp_path: Path) -> CLI:
    a = added_id(cli("add-application", HOSTILE_ORG, HOSTILE_ROLE, "--applied", "2024-03-01"))
    cli("app", "move", str(a), "screening", "--on", "2024-03-10")
    b = added_id(cli("add-application", "SPAR", "--applied", "2024-03-05"))
    cli("app", "move", str(b), "rejected", "--on", "2024-03-12")
    added_id(cli("add-application", "Redwood", "MTS", "--applied", "2024-04-02"))
    added_id(cli("add-application", "FAR.AI", "--status", "interested"))
    added_id(cli("add-deadline", "send the <b>essay</b>", "--due", "2024-04-25"))
    log = tmp_path / "log.md"
    log.write_text(JOURNAL, encoding="utf-8")
    assert cli("journal", "import", str(log)).exit_code == 0
    return cli


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def write_dashboard(cli: CLI, home: Path) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    out = home / "search.html"
    result = cli("report", "dashboard", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    return out


def test_the_page_is_self_contained_and_inert(search: CLI, home: Path) -> None:
    html = write_dashboard(search, home).read_text(encoding="utf-8")
    parsed = Elements()
    parsed.feed(html)
    tags = [t for t, _ in parsed.tags]
    assert "script" not in tags and "img" not in tags and "iframe" not in tags
    assert "link" not in tags  # no stylesheet from elsewhere
    for _, attrs in parsed.tags:
        assert not any(k.startswith("on") for k in attrs)
        for key in ("href", "src"):
            value = attrs.get(key) or ""
            assert not value.startswith("javascript:"), attrs
            assert not value.startswith(("http://", "https://")) or key == "href"
    (csp,) = [
        a["content"] for t, a in parsed.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp is not None and csp.startswith("default-src 'none'")
    text = "".join(parsed.text)
    assert HOSTILE_ORG in text and HOSTILE_ROLE in text  # shown as text, whole
    assert "send the <b>essay</b>" in text
    assert tags.count("svg") == 2  # the flow and the bars, inline


def test_a_dashboard_is_not_written_over_a_file(search: CLI, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    out = home / "search.html"
    out.write_text("mine")
    result = search("report", "dashboard", "--out", str(out))
    assert result.exit_code == 4
    assert out.read_text() == "mine"


def test_in_headless_chromium(search: CLI, home: Path) -> None:
    executable = need_browser()
    from playwright.sync_api import sync_playwright

    out = write_dashboard(search, home)
    url = out.resolve().as_uri()
    console: list[str] = []
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(url, wait_until="load")
            page.wait_for_timeout(300)  # let anything that would run, run
            title = page.title()
            cards = page.locator(".board .card").all_inner_texts()
            funnel_rows = page.locator("#funnel table.funnel tbody tr").all_inner_texts()
            skills = page.locator("#skills a[href^='#skill-']").all_inner_texts()
            pictures = page.locator(".picture svg").count()
            shot = page.screenshot(full_page=True)
            (home / "dashboard.png").write_bytes(shot)
        finally:
            browser.close()
    assert [c for c in console if not c.startswith(("log", "info", "debug"))] == []
    assert requests == [url]  # the page itself and nothing else
    assert dialogs == []
    assert title == "Job search dashboard"
    assert len(cards) == 3  # FAR.AI interested, Redwood applied, the hostile one in screening
    assert any(HOSTILE_ORG in c for c in cards)
    assert funnel_rows[0].split()[:2] == ["applied", "3"]
    assert {"DPO", "RLHF"} <= set(skills)
    assert pictures == 2
    image = Image.open(io.BytesIO(shot)).convert("L")
    assert image.size[0] == 1280 and image.size[1] >= 900
    assert ImageStat.Stat(image).var[0] > 200  # not a blank page


def test_out_is_required(search: CLI) -> None:
    result = search("report", "dashboard")
    assert result.exit_code == 2
    assert "--out" in result.stderr


def test_an_inverted_period_is_refused_before_any_file(search: CLI, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    out = home / "flow.svg"
    argv = ["report", "funnel", "--format", "svg", "--out", str(out)]
    assert_refused(search(*argv, "--since", "2024-05-01", "--until", "2024-04-01"), 2, "inverted")
    assert not out.exists()
