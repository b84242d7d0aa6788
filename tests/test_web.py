"""The web UI in a real browser: Debian's Chromium driven by Playwright against the real server.

A reporter types a Persian word, follows a highlighted hit to the document, reads the Persian
paragraph right to left beside the English one left to right, sees the PDF page image, and opens
a hostile HTML document without any of its script running.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from conftest import make_case
from test_api import (
    ENGLISH_PARAGRAPH,
    HOSTILE_NAME,
    PDF_NAME,
    PERSIAN_FONT,
    PERSIAN_PARAGRAPH,
    PERSIAN_WORD,
    SPOOF,
    TEXT_NAME,
    ids_by_name,
    write_samples,
)

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.pipeline import ingest

pytestmark = pytest.mark.slow

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
TIMEOUT_MS = 20_000


def find_chromium() -> str | None:
    """``$KAVOSH_CHROMIUM``, else Debian's Chromium, else one on the PATH."""
    configured = os.environ.get("KAVOSH_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


class ServerThread:
    """The real uvicorn server on a free loopback port, in a background thread."""

    def __init__(self, case: Case) -> None:
        config = uvicorn.Config(create_app(case), host="127.0.0.1", port=0, log_level="warning",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the Kavosh server did not start")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    if not PERSIAN_FONT.exists():
        pytest.skip(f"the Persian font for the sample PDF is not installed: {PERSIAN_FONT}")
    root = tmp_path_factory.mktemp("web")
    case = make_case(root / "case", executor="inline")
    try:
        ingest(case, list(write_samples(root / "inbox").values()))
        with ServerThread(case) as base_url:
            yield base_url, ids_by_name(case)
    finally:
        case.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium found: install Debian's `chromium` (scripts/install-system.sh"
                    " test) or set KAVOSH_CHROMIUM to a Chromium executable")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # Shared memory in a file of /tmp, not /dev/shm: a container's /dev/shm is often
        # 64 MB, where a page drawing thousands of edges crashes its renderer
        # ("Target crashed").
        launched = p.chromium.launch(executable_path=executable, headless=True,
                                     args=["--disable-dev-shm-usage"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(locale="fa-IR", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def _direction(locator: object) -> str:
    from playwright.sync_api import Locator

    assert isinstance(locator, Locator)
    return str(locator.evaluate("el => getComputedStyle(el).direction"))


def test_search_to_document_in_a_real_browser(
    served: tuple[str, dict[str, int]], page: object
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    base_url, ids = served
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    csp_violations: list[str] = []
    page.on("console", lambda msg: csp_violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)

    page.goto(base_url + "/")
    box = page.locator("main form.search input[name=q]")
    box.fill(PERSIAN_WORD)
    box.press("Enter")
    page.wait_for_url("**/search?*")
    mark = page.locator(".hit .snippet mark").first
    expect(mark).to_have_text(PERSIAN_WORD)
    assert _direction(page.locator(".hit .snippet").first) == "rtl"

    page.locator("a.hit-link").first.click()
    page.wait_for_url(f"**/documents/{ids[TEXT_NAME]}?*")
    persian = page.locator(".page-text p", has_text=PERSIAN_WORD).first
    english = page.locator(".page-text p", has_text="This English paragraph").first
    expect(persian).to_contain_text(PERSIAN_PARAGRAPH.split()[0])
    expect(english).to_have_text(ENGLISH_PARAGRAPH)
    assert _direction(persian) == "rtl"
    assert _direction(english) == "ltr"
    # The stylesheet loaded under the CSP (served from 'self'): the Persian font stack applies.
    family = page.evaluate("getComputedStyle(document.documentElement).fontFamily")
    assert "Noto Naskh Arabic" in family
    assert not dialogs
    assert not csp_violations, csp_violations


def test_pdf_page_image_loads(served: tuple[str, dict[str, int]], page: object) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    base_url, ids = served
    page.goto(f"{base_url}/documents/{ids[PDF_NAME]}")
    image = page.locator("#page-1 .page-image img")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "el => el.complete && el.naturalWidth > 0", arg=image.element_handle()
    )
    assert image.evaluate("el => el.naturalWidth") > 0


def test_hostile_html_runs_nothing(served: tuple[str, dict[str, int]], page: object) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    base_url, ids = served
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(f"{base_url}/documents/{ids[HOSTILE_NAME]}")
    page.wait_for_load_state("load")
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror], [onload], [onclick]').length") == 0
    # Searching for the hostile words renders their text, never their markup.
    page.goto(f"{base_url}/search?q=script")
    page.wait_for_load_state("load")
    page.goto(f"{base_url}/search?q=%3Cscript%3Ealert(5)%3C/script%3E")
    page.wait_for_load_state("load")
    assert page.evaluate("document.scripts.length") == 0

    # The original is a download, never a page the browser renders.
    page.goto(f"{base_url}/documents/{ids[HOSTILE_NAME]}")
    with page.expect_download() as download_info:
        page.locator("a.download").click()
    download = download_info.value
    assert download.suggested_filename == "hostile.html"
    assert page.url.startswith(f"{base_url}/documents/")
    # Even reached without the link's download attribute, the server sends it as an attachment.
    original = f"{base_url}/api/documents/{ids[HOSTILE_NAME]}/original"
    with page.expect_download() as direct_info:
        page.evaluate("url => { window.location.href = url }", original)
    assert direct_info.value.suggested_filename == "hostile.html"
    page.wait_for_timeout(500)
    assert not dialogs, dialogs


def test_a_bidi_control_in_a_name_cannot_disguise_it(tmp_path: Path, page: object) -> None:
    """``rtl_cod\\u202egpj.exe`` reads as it is, not as ``rtl_codexe.jpg``; the document's own
    Persian text, with its RLM marks, still reads right to left."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / SPOOF).write_text(f"{PERSIAN_PARAGRAPH} عدد \u200f۱۲\u200f", encoding="utf-8")
    case = make_case(tmp_path / "case", executor="inline")
    try:
        ingest(case, [inbox])
        with ServerThread(case) as base_url:
            page.goto(f"{base_url}/search?q={PERSIAN_WORD}")
            expect(page.locator(".hit .path").first).to_have_text("inbox/rtl_cod⟨RLO⟩gpj.exe")
            page.locator("a.hit-link").first.click()
            expect(page.locator("h1")).to_have_text("rtl_cod⟨RLO⟩gpj.exe")
            assert page.title().startswith("rtl_cod⟨RLO⟩gpj.exe")
            persian = page.locator(".page-text p", has_text=PERSIAN_WORD).first
            expect(persian).to_contain_text("\u200f۱۲\u200f")
            assert _direction(persian) == "rtl"
    finally:
        case.close()
