"""`mkdocs serve` only: a rebuild that fails shows its problems in the browser.

MkDocs' live-reload server runs a rebuild after every save; when the rebuild raises, it logs
the error and "The server will appear stuck", and the browser waits for a reload that never
comes. Under `mkdocs serve` the plugin wraps that rebuild (its `on_serve` event hands over the
server): a failed rebuild leaves a site of one page, `404.html`, which the server answers for
every address, listing each problem (file:line:column, field, message, hint) or, for a failure
that is not the records', the warnings and errors MkDocs logged; then the server tells the
browsers to reload, as after a good build. The page asks for its own address every second and
reloads once the answer is a page of the site again, so the next good save brings the page
back (the server's reload script is not put into the pages it answers as 404).

The build raises as before, so every plugin's `on_build_error` runs; `mkdocs build` is not
touched (it fails with exit 1 and writes nothing). The first build of `mkdocs serve` is not
wrapped either: MkDocs hands the plugins the server only once it has built the site, so a
project that is broken when serve starts stops it with the same list as `mkdocs build`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort, BuildError
from mkdocs.livereload import LiveReloadServer
from mkdocs.utils import clean_directory

from ..errors import EvidenceError, Problem, printable
from ..render.text import _, language, ngettext

log = logging.getLogger("mkdocs.plugins.evidence")

ERROR_PAGE = "404.html"
"""The one page of a failed rebuild: the server answers it for every address it cannot find."""
MARKER = "evidence-serve-error"
"""Named by a meta tag of the error page: how its script tells itself from the site's pages."""


def show_errors_in_browser(server: LiveReloadServer) -> LiveReloadServer:
    """Wrap the server's rebuild: a failed one writes the error page instead of hanging."""
    rebuild: Callable[..., None] = server.builder
    site = Path(server.root)

    def builder(*args: Any, **kwargs: Any) -> None:
        with _logged() as messages:
            try:
                rebuild(*args, **kwargs)
                return
            except Abort as abort:
                failure = abort
        clean_directory(str(site))  # (hidden files stay: the search index kept for serving)
        (site / ERROR_PAGE).write_text(error_page(failure, messages), encoding="utf-8")
        log.error("The site could not be built: the browser shows the problems until a save "
                  "fixes them")

    server.builder = builder
    return server


@contextmanager
def _logged() -> Iterator[list[logging.LogRecord]]:
    """The warnings and errors MkDocs and its plugins log while the block runs."""
    handler = _Collect(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


class _Collect(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def evidence_error(exc: BaseException) -> EvidenceError | None:
    """The EvidenceError behind MkDocs' Abort: the plugin raises PluginError(report) from it
    (its context), and MkDocs raises Abort while handling that."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, EvidenceError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def error_page(failure: BaseException, logged: list[logging.LogRecord]) -> str:
    """The page of a failed rebuild: its problems, each escaped."""
    found = evidence_error(failure)
    problems = found.problems if found is not None else []
    # What MkDocs logged: everything when the failure is not the records' (a strict-mode
    # warning, another plugin's error), else the warnings beside the records' problems.
    levels = logging.ERROR + 1 if found is None else logging.ERROR
    messages = [record.getMessage() for record in logged if record.levelno < levels]
    if found is not None and not problems and found.message:
        messages.append(found.message)
    if found is None and not isinstance(failure.__context__, BuildError):
        messages.append(str(failure))  # "Aborted with 2 warnings in strict mode!"
    items = [_problem_item(problem) for problem in problems]
    items += [f'<li><pre class="message">{html.escape(message)}</pre></li>'
              for message in messages if message]
    n = len(problems) if problems else len(items)
    lead = (ngettext("{n} problem stops the build:", "{n} problems stop the build:", n)
            if problems else
            ngettext("The build stopped on this message:", "The build stopped on these {n} "
                     "messages:", n)).format(n=n)
    title = _("The site could not be built")
    return PAGE.format(
        lang=html.escape(language()), marker=MARKER, title=html.escape(title),
        lead=html.escape(lead), items="\n".join(items),
        after=html.escape(_("Fix them and save: this page reloads by itself once the site "
                            "builds again.")) + " " + html.escape(
                                _("{command} stops on the same problems and writes nothing.")
                            ).format(command="<code>mkdocs build</code>"),
        style=STYLE, script=SCRIPT)


def _problem_item(problem: Problem) -> str:
    where = printable(problem.path)
    if problem.line:
        where += f":{problem.line}:{problem.column}"
    field = (f' <span class="field">{html.escape(printable(problem.field))}:</span>'
             if problem.field else "")
    label = html.escape(_("hint:"))
    hint = (f'\n<p class="hint"><span>{label}</span> '
            f"{html.escape(printable(problem.hint))}</p>" if problem.hint else "")
    return (f'<li><code class="where">{html.escape(where)}</code>:{field} '
            f'<span class="message">{html.escape(printable(problem.message))}</span>'
            f"{hint}</li>")


PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="{marker}" content="">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p>{lead}</p>
<ol class="problems">
{items}
</ol>
<p class="after">{after}</p>
</main>
<script>{script}</script>
</body>
</html>
"""

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2328; background: #fff; }
main { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; color: #b42318; }
ol.problems { padding-left: 1.5rem; }
ol.problems li { margin: 0 0 1rem; }
code.where { font: 0.9em/1.4 ui-monospace, monospace; background: #f6f8fa; padding: 0 .25em; }
.field { font: 0.9em/1.4 ui-monospace, monospace; }
.hint { margin: .25rem 0 0; color: #475467; }
.hint span { font-weight: 600; }
pre.message { white-space: pre-wrap; margin: 0; font: 0.9em/1.4 ui-monospace, monospace; }
.after { color: #475467; }
"""

# Asks for the page's own address every second; a page without the marker (the site is
# built again, or the address is now the site's own 404) is loaded in its place.
SCRIPT = """
(function () {
  var marker = '<meta name="MARKER"';
  function check() {
    fetch(location.href, { cache: "no-store" }).then(function (reply) {
      return reply.text();
    }).then(function (text) {
      if (text.indexOf(marker) === -1) location.reload();
      else setTimeout(check, 1000);
    }, function () { setTimeout(check, 1000); });
  }
  setTimeout(check, 1000);
})();
""".replace("MARKER", MARKER)
