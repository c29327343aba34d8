"""``fca-extract report``: the reviewer's HTML report, checked as a file and in headless Chromium.

The browser is driven over the DevTools protocol through a pipe
(``--remote-debugging-pipe``: JSON messages ending in NUL on file descriptors
3 and 4), so no browser-automation package is needed, only the ``chromium``
that ``.ci/setup`` installs.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from expected import PDF_DIR
from fca_extract.cli import main
from fca_extract.debug import report as report_mod
from fca_extract.debug.report import build_report

HP = PDF_DIR / "handlingsplan_centrum_2024.pdf"  # exported, 6 pages: small and fast
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(HP), "--out", str(out), "--quiet"]) == 0
    return out, out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rep():
    return build_report(HP)


# ------------------------------------------------------------------ the file

def test_report_is_one_self_contained_file(built):
    out, html = built
    assert html.startswith("<!DOCTYPE html>")
    srcs = re.findall(r'\bsrc="([^"]*)"', html)
    assert srcs and all(s.startswith("data:image/png;base64,") for s in srcs)
    assert "<script" not in html and "<link" not in html and "url(" not in html
    assert not re.search(r'href="(?!#)', html), "every link stays inside the page"
    # one image per page, each a PNG that decodes
    assert len(srcs) == 6
    for s in srcs:
        Image.open(io.BytesIO(base64.b64decode(s.split(",", 1)[1]))).verify()


def test_every_link_has_its_target(built):
    _, html = built
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    hrefs = set(re.findall(r'href="#([^"]+)"', html))
    assert hrefs and hrefs <= ids, hrefs - ids


def test_rows_link_to_their_pages_as_in_the_dataset(rep):
    """Row numbers are the dataset's row_no, and each row links to exactly the pages it spans."""
    acts = rep.result.tables["activities"]
    assert len(acts) == 17
    links: dict[int, list[int]] = {}
    for page, row in re.findall(r'class="rowlink" href="#p(\d+)-r(\d+)"', rep.html):
        links.setdefault(int(row), []).append(int(page))
    for a in acts:
        assert links.get(a["row_no"]) == list(range(a["page_start"], a["page_end"] + 1)), a["row_no"]
    # and back: the boxes on a page lead to the rows found there
    assert {int(n) for n in re.findall(r'<a class="box activity" id="p4-r(\d+)" href="#row-\1"', rep.html)} == \
        {a["row_no"] for a in acts if a["page_start"] <= 4 <= a["page_end"]}


def test_each_cell_of_a_row_is_a_box_over_the_image(rep):
    page = next(p for p in rep.pages if p.page_no == 3)
    boxes = [r for r in page.regions if r.href == "#row-5"]
    assert len(boxes) >= 3  # delmål, activity, ansvar, outcome cells of the row (the delmål may be merged)
    for r in boxes:
        x0, y0, x1, y1 = r.box
        assert 0 <= x0 < x1 <= page.width and 0 <= y0 < y1 <= page.height
    assert sum(r.anchor is not None for r in boxes) == 1


def test_warnings_and_ocr_confidence_beside_pages(rep):
    assert 'id="page-1"' in rep.html and "text_layer" in rep.html
    assert "<th>OCR conf.</th>" in rep.html and "<th>warnings</th>" in rep.html


@pytest.mark.parametrize("argv, code, msg", [
    (["report", "no-such.pdf", "--out", "x.html"], 2, "no-such.pdf: no such file"),
    (["report", str(HP), "--out", "/no/such/dir/x.html"], 2, "/no/such/dir: no such directory"),
    (["report", str(HP), "--out", "x.html", "--dpi", "0"], 2, "--dpi must be between"),
])
def test_report_bad_arguments_one_line(capsys, argv, code, msg):
    assert main(argv) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and msg in err[0]


def test_report_doctests():
    import doctest

    res = doctest.testmod(report_mod)
    assert res.attempted > 0 and res.failed == 0


# ------------------------------------------------------------------ in a real browser

class Chromium:
    """Headless Chromium driven over the DevTools protocol on a pipe (fd 3 in, fd 4 out)."""

    def __init__(self, profile: Path, width: int = 1280, height: int = 900) -> None:
        to_child_r, self._w = os.pipe()
        self._r, from_child_w = os.pipe()

        def fds() -> None:  # in the child: the pipe ends at 3 and 4
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
             "--no-first-run", "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, pass_fds=(3, 4))  # kept open by the child after ``fds`` put the pipes there
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    def _read(self) -> dict:
        while b"\0" not in self._buf:
            chunk = os.read(self._r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method: str, session: bool = False, **params) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self._id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m["result"]
            self.events.append(m)

    def wait_event(self, method: str) -> dict:
        for i, ev in enumerate(self.events):
            if ev.get("method") == method:
                return self.events.pop(i)
        while True:
            m = self._read()
            if m.get("method") == method:
                return m
            self.events.append(m)

    def js(self, expr: str):
        r = self.call("Runtime.evaluate", session=True, expression=expr, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")

    def open(self, url: str) -> None:
        self.call("Page.navigate", session=True, url=url)
        self.wait_event("Page.loadEventFired")

    def screenshot(self) -> Image.Image:
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        return Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y, button="left", clickCount=1)

    def wait_for(self, expr: str, tries: int = 100) -> None:
        """Until ``expr`` is true in the page (a wait, checked by what follows, not a timing)."""
        for _ in range(tries):
            if self.js(expr):
                return
            time.sleep(0.05)

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._w)
        os.close(self._r)


def _dark_share(img: Image.Image) -> float:
    """Share of the pixels that are not (nearly) white."""
    hist = img.convert("L").histogram()
    return sum(hist[:200]) / (img.width * img.height)


def _centre(browser: Chromium, selector: str) -> tuple[float, float]:
    """Scroll the element into the middle of the viewport; its centre in viewport pixels."""
    r = browser.js(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
        e.scrollIntoView({{block: 'center'}}); const b = e.getBoundingClientRect();
        return [b.x + b.width / 2, b.y + b.height / 2]; }})()""")
    return r[0], r[1]


def _in_view(browser: Chromium, selector: str) -> dict:
    return browser.js(f"""(() => {{ const b = document.querySelector({json.dumps(selector)}).getBoundingClientRect();
        return {{top: b.top, bottom: b.bottom, vh: window.innerHeight, scrollY: window.scrollY, hash: location.hash}}; }})()""")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/setup installs it)")
def test_report_in_headless_chromium(built, tmp_path):
    out, _ = built
    browser = Chromium(tmp_path / "profile")
    try:
        browser.open(out.resolve().as_uri())
        # what a reviewer sees first: the summary and the rows, not a blank page
        shot = browser.screenshot()
        assert shot.size == (1280, 900)
        dark = _dark_share(shot)
        assert dark > 0.02, f"only {dark:.1%} of the screenshot is not white"
        assert browser.js("document.images.length") == 6
        assert browser.js("Array.from(document.images).every(i => i.complete && i.naturalWidth > 500)")

        # a row's page link, clicked, lands on that page with the row's cells in view
        start = browser.js("window.scrollY")
        x, y = _centre(browser, 'a.rowlink[href="#p4-r12"]')
        before = browser.js("window.scrollY")
        browser.click(x, y)
        browser.wait_for("location.hash === '#p4-r12'")
        box = _in_view(browser, "#p4-r12")
        page = _in_view(browser, "#page-4")
        assert box["hash"] == "#p4-r12"
        assert box["scrollY"] > before >= start
        assert 0 <= box["top"] < box["bottom"] <= box["vh"], box  # the row's first cell on page 4 is on screen
        assert page["top"] < box["vh"] and page["bottom"] > 0, page  # ... inside page 4's section
        other = _in_view(browser, "#page-2")
        assert other["bottom"] <= 0 or other["top"] >= other["vh"], "page 2 is not what is shown"
        shot = browser.screenshot()
        assert _dark_share(shot) > 0.02

        # and back: a click on a cell of the page leads to its row in the table
        x, y = _centre(browser, "#p3-r5")
        browser.click(x, y)
        browser.wait_for("location.hash === '#row-5'")
        row = _in_view(browser, "#row-5")
        assert row["hash"] == "#row-5"
        assert row["top"] < row["vh"] and row["bottom"] > 0, row
    finally:
        browser.close()
