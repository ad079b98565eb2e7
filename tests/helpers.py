"""The helpers every test shares: copy fixture projects, build them for real, read the built
HTML, serve a built site to a real browser, make a git history, read a PDF back."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urljoin, urlparse

import pypdf

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
"""Chromium's switches for the browser tests: headless, and nothing fetched on its own."""


def copy_mini(target: Path) -> Path:
    """A writable copy of the small fixture project at `target`."""
    shutil.copytree(FIXTURES / "mini", target)
    return target


def load_script(name: str) -> ModuleType:
    """A Python script of scripts/, as a module (its `main` does not run)."""
    spec = importlib.util.spec_from_file_location(name.removesuffix(".py").replace("-", "_"),
                                                  REPO / "scripts" / name)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project, as a user runs it."""
    return run([str(BIN / "mkdocs"), "build", "--strict", *extra], project)


def evidence_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run([str(BIN / "evidence"), *args], project)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "article":
            self._in_article += 1
        if tag == "a" and a.get("href") and self._in_article:
            self.hrefs.append(str(a["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1


def article_links(page: Path) -> list[str]:
    """hrefs of links inside the page's main article (not the theme's navigation)."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.hrefs


def page_url(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def resolve(site: Path, page: Path, href: str) -> Path | None:
    """The file a relative link from `page` points to, or None for external links."""
    parsed = urlparse(href)
    if parsed.scheme or parsed.netloc or href.startswith("#"):
        return None
    target = urlparse(urljoin("http://x" + page_url(site, page), href)).path
    path = site / unquote(target).lstrip("/")
    return path / "index.html" if target.endswith("/") else path


def record_page(site: Path, collection: str, ident: str) -> Path:
    return site / collection / ident / "index.html"


# ---------------------------------------------------------------------------------------------
# A built site, served to a real browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve a folder on 127.0.0.1 (a free port); return the server and its URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


class Watch:
    """A page that records console errors, failed requests and requests leaving the server."""

    def __init__(self, browser: object, base: str, **context: object) -> None:
        self.page = browser.new_context(**context).new_page()  # type: ignore[attr-defined]
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("request", lambda r: r.url.startswith((base, "data:", "blob:"))
                     or self.foreign.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


# ---------------------------------------------------------------------------------------------
# A git history


def git(cwd: Path, *args: str, date: str = "2026-02-01T12:00:00") -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def two_commits(project: Path) -> None:
    """Commit the project as it is, then a change to one figure a month later."""
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "First edition", date="2026-02-01T12:00:00")
    record = project / "evidence" / "figures" / "figure-f.yaml"
    record.write_text(record.read_text().replace("16000", "17000"))
    git(project, "commit", "-qam", "Update figure F", date="2026-03-05T09:00:00")


# ---------------------------------------------------------------------------------------------
# A PDF read back for what it holds: text, decoded streams, attachments, drawn images



def text_of(pdf: Path) -> str:
    """The whole text (poppler's pdftotext)."""
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def decoded_streams(reader: pypdf.PdfReader) -> list[bytes]:
    """Every stream of the file (content, fonts, images, embedded files), decoded."""
    out = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # a free entry of the cross-reference table
            continue
        if isinstance(obj, pypdf.generic.StreamObject):
            out.append(obj.get_data())
    return out


def attached_files(reader: pypdf.PdfReader) -> list[str]:
    """Files the PDF carries: embedded files of its catalog, file annotations of its pages."""
    found = [f"attachment {name}" for name in reader.attachments]
    names = reader.trailer["/Root"].get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        found.append("/EmbeddedFiles")
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/FileAttachment":
                found.append("a file attachment annotation")
            if "/FS" in annot or "/EF" in annot:
                found.append("an annotation with a file specification")
    return found


def image_sizes(reader: pypdf.PdfReader) -> set[tuple[int, int]]:
    """Pixel sizes of the images the file holds."""
    return {img.image.size for page in reader.pages for img in page.images if img.image}


def drawn_images(reader: pypdf.PdfReader, index: int) -> set[tuple[int, int]]:
    """Pixel sizes of the images page `index` draws (`/Name Do` in its content stream: the
    image resources themselves are shared by every page)."""
    page = reader.pages[index]
    content = page.get_contents()
    drawn = content.get_data() if content is not None else b""
    return {image.image.size for image in page.images if image.image
            and f"{image.name.rsplit('.', 1)[0]} Do".encode() in drawn}


def where(pdf: Path, marker: str, marked_png: tuple[int, int] | None = None) -> list[str]:
    """Every place of the PDF where a marker string (or a PNG of a size nothing else has)
    shows up; [] when none."""
    reader = pypdf.PdfReader(pdf)
    places = attached_files(reader)
    if marker in text_of(pdf):
        places.append("text")
    if marker.encode() in pdf.read_bytes():
        places.append("file bytes")
    if any(marker.encode() in stream for stream in decoded_streams(reader)):
        places.append("a decoded stream")
    if marked_png in image_sizes(reader):
        places.append("the marked PNG")
    return places


class MkDocsServe:
    """`mkdocs serve` of a project on 127.0.0.1 (a free port) while the block runs, with its
    log read as it comes: `wait_for` waits for a line of it, so nothing is edited before the
    server watches the files (its "Serving on" line) and no answer is read before the rebuild
    it should come from is done."""

    def __init__(self, project: Path, *extra: str) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"
        self.project = project
        self.lines: list[str] = []
        self.changed = threading.Condition()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", *extra],
            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def __enter__(self) -> MkDocsServe:
        self.wait_for("Serving on", timeout=180)
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def mark(self) -> int:
        """Where the log is now: wait_for(..., after=mark) waits for a line logged later."""
        with self.changed:
            return len(self.lines)

    def wait_for(self, text: str, after: int = 0, timeout: float = 120) -> int:
        """The index of the first line from `after` on that contains `text`."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for i in range(after, len(self.lines)):
                    if text in self.lines[i]:
                        return i
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"mkdocs serve logged no {text!r} in {timeout:g} s; "
                                         "its last lines:\n" + "".join(self.lines[-30:]))
                self.changed.wait(min(left, 1.0))

    def get(self, path: str, timeout: float = 60) -> tuple[int, str]:
        """The status and the text of the server's answer for `path`."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as reply:
                return reply.status, reply.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")


def save(path: Path, text: str) -> None:
    """Write a file as editors save it: a new file renamed over the old one."""
    staged = path.with_name(f".{path.name}.saving")
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, path)
