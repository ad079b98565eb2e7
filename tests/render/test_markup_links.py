"""Autolinks in record text: `<https://…>` and `<someone@example.org>` are links, a mail link
only for a valid address (the HTML standard's definition) and no link of another scheme."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from macros.render.markup import render_markdown


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self.links.append((self._href, ""))
        assert not any(name.startswith("on") for name, _ in attrs), attrs

    def handle_endtag(self, tag: str) -> None:
        self._href = None if tag == "a" else self._href

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)


def links(text: str) -> tuple[list[tuple[str, str]], str]:
    parser = Links()
    parser.feed(render_markdown.inline(text))
    return parser.links, "".join(parser.text)


@pytest.mark.parametrize(("text", "href", "shown"), [
    ("<someone@example.org>", "mailto:someone@example.org", "someone@example.org"),
    ("<mailto:someone@example.org>", "mailto:someone@example.org", "someone@example.org"),
    ("<MailTo:a.b+c@sub.example.org>", "mailto:a.b+c@sub.example.org", "a.b+c@sub.example.org"),
    ("<first_last_x@example.org>", "mailto:first_last_x@example.org",
     "first_last_x@example.org"),
    ("<https://example.org/a?b=1&c=2>", "https://example.org/a?b=1&c=2",
     "https://example.org/a?b=1&c=2"),
    ("<HTTP://EXAMPLE.ORG/>", "HTTP://EXAMPLE.ORG/", "HTTP://EXAMPLE.ORG/"),
])
def test_autolinks_to_mail_and_the_web(text: str, href: str, shown: str) -> None:
    found, _ = links(f"Write to {text} today.")
    assert found == [(href, shown)]


@pytest.mark.parametrize("text", [
    "<someone@example.org?subject=x&body=y>",
    '<x@y.org"onmouseover="alert(1)>',
    "<x@-bad.example.org>",
    "<someone@exa_mple.org>",
    "<javascript:x@example.org>",
    "<mailto:javascript:alert(1)@x.org>",
    "<a b@example.org>",
    "<@example.org>",
    "<someone@>",
    "<javascript:alert(1)>",
    "<JavaScript://%0aalert(1)>",
    "<data:text/html,x>",
    "<vbscript:msgbox(1)>",
    "<ftp://example.org/x>",
    "<file:///etc/passwd>",
])
def test_no_link_for_an_invalid_address_or_another_scheme(text: str) -> None:
    found, shown = links(f"Write to {text} today.")
    assert found == []
    assert shown.startswith("Write to ") and shown.endswith(" today.")


def test_a_bare_address_is_text() -> None:
    assert links("Write to someone@example.org today.") == (
        [], "Write to someone@example.org today.")
