"""The JSON API and the web UI's HTML, over a case with real files ingested."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient
from PIL import Image, PngImagePlugin

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.pipeline import ingest

PERSIAN_FONT = Path("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

PERSIAN_WORD = "پالایشگاه"
PERSIAN_PARAGRAPH = f"گزارش محرمانه دربارهٔ قرارداد {PERSIAN_WORD} آبادان و تحریم‌های نفتی."
ENGLISH_PARAGRAPH = "This English paragraph describes the Abadan refinery contract."
TEXT_NAME = f"گزارش-{PERSIAN_WORD}.txt"
HOSTILE_NAME = "hostile.html"
PDF_NAME = "cable.pdf"
IMAGE_NAME = "scan.png"
HOSTILE_HTML = (
    "<!doctype html><html><head><title>hostile</title>"
    "<script>alert(1)</script></head><body>"
    "<p>سندی که می‌خواهد اسکریپت اجرا کند</p>"
    "<script>alert(document.domain)</script>"
    "<img src=x onerror=alert(2)>"
    "<p>&lt;script&gt;alert(3)&lt;/script&gt; written as text</p>"
    "<a href=\"javascript:alert(4)\">click</a>"
    "</body></html>"
)


def write_pdf(path: Path, lines: list[str]) -> None:
    """A small PDF with a Persian paragraph (shaped with HarfBuzz) and an English one."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("naskh", "", str(PERSIAN_FONT))
    pdf.set_font("naskh", size=16)
    pdf.set_text_shaping(True)
    for line in lines:
        pdf.multi_cell(0, 12, line, align="R" if re.search("[\u0600-\u06ff]", line) else "L",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
    pdf.add_page()
    pdf.multi_cell(0, 12, "Second page of the cable.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def write_samples(folder: Path) -> dict[str, Path]:
    """Real files of the kinds a leak holds: plain text, hostile HTML, a PDF, an image."""
    folder.mkdir(parents=True, exist_ok=True)
    text = folder / TEXT_NAME
    text.write_text(f"{PERSIAN_PARAGRAPH}\n\n{ENGLISH_PARAGRAPH}\n", encoding="utf-8")
    hostile = folder / HOSTILE_NAME
    hostile.write_text(HOSTILE_HTML, encoding="utf-8")
    pdf = folder / PDF_NAME
    write_pdf(pdf, ["سفارت در تهران دربارهٔ مذاکرات هسته‌ای گزارش داد.",
                    "The embassy in Tehran reported on the nuclear talks."])
    image = folder / IMAGE_NAME
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert('png')</script>")
    Image.new("RGB", (320, 200), (200, 220, 240)).save(image, pnginfo=info)
    return {"text": text, "hostile": hostile, "pdf": pdf, "image": image}


def ids_by_name(case: Case) -> dict[str, int]:
    return {doc.name: doc.id for doc in case.store.documents()}


@pytest.fixture
def client(case: Case, tmp_path: Path) -> Iterator[TestClient]:
    if not PERSIAN_FONT.exists():
        pytest.skip(f"the Persian font for the sample PDF is not installed: {PERSIAN_FONT}")
    samples = write_samples(tmp_path / "inbox")
    ingest(case, list(samples.values()))
    with TestClient(create_app(case), base_url="http://127.0.0.1") as test_client:
        yield test_client


def test_search_json_finds_the_persian_word_with_a_snippet(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": PERSIAN_WORD})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["total"] >= 1
    hit = body["hits"][0]
    assert hit["path"].endswith(TEXT_NAME)
    assert hit["page"] == 1
    assert PERSIAN_WORD in hit["snippet"]
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == PERSIAN_WORD
    assert PERSIAN_WORD in response.text  # Persian as UTF-8, not \\u escapes


def test_search_json_paging_and_bad_queries(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": PERSIAN_WORD, "offset": 5}).json()["hits"] == []
    assert client.get("/api/search", params={"q": "", "limit": 5}).json()["total"] == 0
    assert client.get("/api/search", params={"q": "x", "limit": 0}).status_code == 422
    assert client.get("/api/search", params={"q": "x", "limit": 10_000}).status_code == 422


def test_document_json_has_the_record_and_pages(case: Case, client: TestClient) -> None:
    doc_id = ids_by_name(case)[TEXT_NAME]
    record = client.get(f"/api/documents/{doc_id}").json()
    assert record["id"] == doc_id
    assert record["path"].endswith(TEXT_NAME)
    assert record["status"] == "done"
    assert record["page_count"] == 1
    assert PERSIAN_WORD in record["pages"][0]["text"]
    assert client.get("/api/documents/999999").status_code == 404
    assert client.get("/api/documents/999999").json()["detail"]


def test_status_json_and_html(client: TestClient) -> None:
    counts = client.get("/api/status").json()
    assert counts["documents"] >= 4
    assert counts["pending"] == 0
    page = client.get("/status")
    assert page.status_code == 200
    assert "<table" in page.text or "هیچ سندی ناموفق" in page.text


def test_document_page_gives_each_paragraph_its_direction(case: Case, client: TestClient) -> None:
    doc_id = ids_by_name(case)[TEXT_NAME]
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="fa" dir="rtl">' in html
    persian = re.search(r'<p dir="(\w+)"[^>]*>([^<]*)' + PERSIAN_WORD, html)
    english = re.search(r'<p dir="(\w+)"[^>]*>This English paragraph', html)
    assert persian and persian.group(1) == "rtl"
    assert english and english.group(1) == "ltr"
    assert 'lang="fa"' in persian.group(0)
    assert f'href="/api/documents/{doc_id}/original"' in html
    assert TEXT_NAME in html  # the path, shown as text


def test_document_page_marks_the_query_it_came_from(case: Case, client: TestClient) -> None:
    doc_id = ids_by_name(case)[TEXT_NAME]
    html = client.get(f"/documents/{doc_id}", params={"q": PERSIAN_WORD}).text
    assert f"<mark>{PERSIAN_WORD}</mark>" in html


def test_search_page_highlights_and_links_to_the_page(case: Case, client: TestClient) -> None:
    doc_id = ids_by_name(case)[TEXT_NAME]
    page = client.get("/search", params={"q": PERSIAN_WORD})
    assert page.status_code == 200
    html = page.text
    assert f"<mark>{PERSIAN_WORD}</mark>" in html
    assert f'href="/documents/{doc_id}?q={quote(PERSIAN_WORD)}&amp;page=1#page-1"' in html
    assert 'class="snippet" dir="auto"' in html
    assert 'class="path" dir="auto"' in html


def test_hostile_html_never_becomes_markup(case: Case, client: TestClient) -> None:
    doc_id = ids_by_name(case)[HOSTILE_NAME]
    pages = [client.get(f"/documents/{doc_id}").text,
             client.get("/search", params={"q": "اسکریپت"}).text,
             client.get("/search", params={"q": "<script>alert(1)</script>"}).text,
             client.get("/search", params={"q": "script"}).text]
    for html in pages:
        assert "<script" not in html.lower()
        assert not re.search(r"<[^>]*\son\w+\s*=", html, re.IGNORECASE)  # no handlers
        assert 'href="javascript:' not in html.lower()
    assert "&lt;script&gt;" in pages[2]  # the query itself is echoed, escaped


def assert_security_headers(response: httpx.Response, url: str) -> None:
    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'none'" in csp, url
    assert "script-src" not in csp, url  # no script at all
    assert "frame-ancestors 'none'" in csp, url
    assert response.headers["x-content-type-options"] == "nosniff", url
    assert response.headers["referrer-policy"] == "no-referrer", url
    assert response.headers["x-frame-options"] == "DENY", url
    assert response.headers["cache-control"] == "no-store", url


def test_every_response_carries_the_security_headers(case: Case, client: TestClient) -> None:
    doc_id = ids_by_name(case)[TEXT_NAME]
    for url in ["/", "/search?q=x", f"/documents/{doc_id}", "/status", "/documents/999999",
                "/api/status", "/static/kavosh.css", "/nowhere"]:
        assert_security_headers(client.get(url), url)
    assert client.get("/documents/999999").status_code == 404
    css = client.get("/static/kavosh.css")
    assert css.status_code == 200 and "Noto Naskh Arabic" in css.text


def test_html_has_no_inline_style_or_script(case: Case, client: TestClient) -> None:
    doc_id = ids_by_name(case)[PDF_NAME]
    for url in ["/", f"/search?q={PERSIAN_WORD}", f"/documents/{doc_id}", "/status"]:
        html = client.get(url).text.lower()
        assert "<style" not in html and " style=" not in html, url
        assert "<script" not in html, url
        assert "http://" not in html and "https://" not in html, url  # nothing external


def test_original_is_only_ever_a_download(case: Case, client: TestClient) -> None:
    ids = ids_by_name(case)
    response = client.get(f"/api/documents/{ids[HOSTILE_NAME]}/original")
    assert response.status_code == 200
    assert response.content == HOSTILE_HTML.encode("utf-8")
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert 'filename="hostile.html"' in response.headers["content-disposition"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]

    persian = client.get(f"/api/documents/{ids[TEXT_NAME]}/original")
    disposition = persian.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(TEXT_NAME, safe='')}" in disposition
    ascii_part = re.search(r'filename="([^"]*)"', disposition)
    assert ascii_part and ascii_part.group(1).isascii() and ascii_part.group(1).endswith(".txt")
    assert client.get("/api/documents/999999/original").status_code == 404


def test_pdf_page_image_is_a_png(case: Case, client: TestClient) -> None:
    doc_id = ids_by_name(case)[PDF_NAME]
    response = client.get(f"/api/documents/{doc_id}/pages/1.png")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(PNG_MAGIC)
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.width == 1200
    small = client.get(f"/api/documents/{doc_id}/pages/2.png", params={"width": 300})
    assert small.status_code == 200 and small.content.startswith(PNG_MAGIC)
    assert client.get(f"/api/documents/{doc_id}/pages/99.png").status_code == 404
    assert client.get(f"/api/documents/{doc_id}/pages/0.png").status_code == 404

    html = client.get(f"/documents/{doc_id}").text
    assert f'<img src="/api/documents/{doc_id}/pages/1.png" loading="lazy"' in html
    assert f'<img src="/api/documents/{doc_id}/pages/2.png" loading="lazy"' in html


def test_images_are_re_encoded_and_other_documents_have_no_page_images(
    case: Case, client: TestClient
) -> None:
    ids = ids_by_name(case)
    original = client.get(f"/api/documents/{ids[IMAGE_NAME]}/original").content
    response = client.get(f"/api/documents/{ids[IMAGE_NAME]}/pages/1.png")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"  # a leaked page is never cached
    assert response.content.startswith(PNG_MAGIC)
    assert response.content != original
    assert b"alert" not in response.content  # the original's text chunk stays in the archive
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.size == (320, 200)
    assert client.get(f"/api/documents/{ids[TEXT_NAME]}/pages/1.png").status_code == 404
    assert client.get(f"/api/documents/{ids[HOSTILE_NAME]}/pages/1.png").status_code == 404


def test_foreign_host_names_are_refused(case: Case) -> None:
    """A page that rebinds its DNS name to 127.0.0.1 cannot read the case."""
    with TestClient(create_app(case), base_url="http://attacker.example") as foreign:
        response = foreign.get("/api/status")
        assert response.status_code == 400
        assert response.headers["x-frame-options"] == "DENY"
    with TestClient(create_app(case), base_url="http://localhost:8765") as local:
        assert local.get("/api/status").status_code == 200
    with TestClient(create_app(case, hosts=["kavosh.lan"]), base_url="http://kavosh.lan") as lan:
        assert lan.get("/api/status").status_code == 200


def test_document_page_offers_a_latin_transliteration(case: Case, client: TestClient) -> None:
    doc_id = ids_by_name(case)[TEXT_NAME]
    plain = client.get(f"/documents/{doc_id}")
    assert "Show Latin transliteration" in plain.text and 'class="latin"' not in plain.text
    latin = client.get(f"/documents/{doc_id}?latin=1").text
    shown = re.findall(r'<p class="latin" dir="ltr" lang="fa-Latn">([^<]+)</p>', latin)
    assert len(shown) == 1  # under the Persian paragraph only, not the English one
    assert shown[0].isascii() and len(shown[0].split()) >= 3


SPOOF = "rtl_cod\u202egpj.exe"  # displays as rtl_codexe.jpg when the control is obeyed


def test_bidi_controls_in_names_are_shown_not_obeyed(case: Case, tmp_path: Path) -> None:
    """Names, paths and reasons show a bidi control (⟨RLO⟩); a document's own text keeps its
    bidi marks, inside its own paragraph."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / SPOOF).write_text(f"{PERSIAN_PARAGRAPH} عدد \u200f۱۲\u200f", encoding="utf-8")
    with zipfile.ZipFile(folder / "leak.zip", "w") as archive:
        archive.writestr(f"\u202e{PERSIAN_WORD}/../y.txt", "refused as unsafe")
    ingest(case, [folder])
    with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
        doc_id = ids_by_name(case)[SPOOF]
        document = client.get(f"/documents/{doc_id}").text
        pages = [document, client.get("/search", params={"q": PERSIAN_WORD}).text,
                 client.get("/status").text]
        record = client.get(f"/api/documents/{doc_id}")
    assert "\u202e" not in record.text and record.json()["path"].endswith(SPOOF)
    for html in pages[:2]:
        assert "rtl_cod⟨RLO⟩gpj.exe" in html
    assert f"⟨RLO⟩{PERSIAN_WORD}/../y.txt" in pages[2]
    names = re.sub(r'<p dir="rtl" lang="fa">.*?</p>', "", document, flags=re.DOTALL)
    assert all("\u202e" not in html for html in (names, *pages[1:]))
    assert re.search('<p dir="rtl" lang="fa">[^<]*\u200f۱۲\u200f</p>', document)


def test_huge_ids_deep_queries_and_unexpected_errors_keep_the_headers(
    case: Case, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An id beyond the store's integers is not found, a query nested 400 deep is a query
    error; a bug's 500 still carries every security header."""
    huge, deep = 2**63, "(" * 400
    for url, code in [(f"/documents/{huge}", 404), (f"/api/documents/{huge}", 404),
                      (f"/api/documents/{huge}/original", 404),
                      (f"/api/documents/{huge}/pages/1.png", 404),
                      (f"/search?q={deep}", 400), (f"/api/search?q={deep}", 400),
                      (f"/search?q={'NOT ' * 400}x", 400)]:
        response = client.get(url)
        assert response.status_code == code, url
        assert_security_headers(response, url)
    assert "nests too deeply" in client.get(f"/api/search?q={deep}").json()["error"]
    assert "nests too deeply" in client.get(f"/search?q={deep}").text

    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("kavosh.api.routes_html.status", broken)
    monkeypatch.setattr("kavosh.api.routes_json.status", broken)
    with TestClient(create_app(case), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as failing:
        page, api = failing.get("/status"), failing.get("/api/status")
    assert page.status_code == api.status_code == 500
    assert page.headers["content-type"].startswith("text/html") and "a bug" not in page.text
    assert api.json()["error"] == "an unexpected error occurred"
    for response in (page, api):
        assert_security_headers(response, str(response.url))
