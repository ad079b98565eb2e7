"""What of a page reaches the report.

WeasyPrint reads whatever a document names: images, stylesheets, attachments, embedded
documents, SVG references, `url()`s in styles, a base URL, metadata. A page's HTML is a
stranger's (any pull request can change it), so only what prints and is the project's own
passes; everything else is removed here, before layout, and `fetch.py` refuses any file
outside the docs folder in case something slips through.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import tinycss2
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement
from tinycss2.serializer import serialize_identifier, serialize_url

SCREEN_ONLY = frozenset({
    # code, and the screen's styles: a page's CSS is the site theme's, not the report's
    "script", "noscript", "template", "style",
    # head matter: stylesheets and attachments (<link>), metadata that would override the
    # report's own, a base URL that would move every relative URL
    "link", "meta", "base",
    # embedded documents, players and their sources: nothing of them prints
    "object", "embed", "iframe", "frame", "frameset", "applet", "portal",
    "audio", "video", "source", "track", "param",
})
VOID = frozenset({"link", "meta", "base", "embed", "source", "track", "param"})
"""Elements of SCREEN_ONLY that are void in HTML5 (and for WeasyPrint's parser), but that
libxml2's parser may make the parent of the content after them."""
URL_ATTRIBUTES = frozenset({
    "src", "srcset", "href", "xlink:href", "data", "poster", "background", "action",
    "formaction", "cite", "longdesc", "usemap", "codebase", "archive", "manifest", "lowsrc",
    "dynsrc", "xml:base", "ping", "classid", "profile", "icon", "imagesrcset",
})
"""Attributes whose value is a URL (HTML, SVG). Kept only where listed in `_keep_printable`."""
URL_FUNCTIONS = frozenset({"url", "src"})
"""CSS functions whose argument is a URL; others that take URLs (image-set(), image(),
cross-fade(), element(), attr()) are refused outright."""
FETCHING_FUNCTIONS = frozenset({"image-set", "-webkit-image-set", "image", "cross-fade",
                                "-webkit-cross-fade", "element", "-moz-element", "attr"})
Resource = Callable[[str], "str | None"]


def keep_printable(root: HtmlElement, resource: Resource) -> None:
    """Remove from a page what the report must not read or does not print.

    What stays: text and its markup; links (`<a href>`, rewired afterwards by `_Section.link`);
    images (`<img>`, SVG `<image>`) and `url()`s in `style` attributes when `resource` finds
    them among the site's own files or they are `data:` URLs; references inside an SVG
    (`href="#id"`, `fill="url(#id)"`). What goes: the elements of SCREEN_ONLY (with their
    content, but for the void ones); comments (where two HTML parsers may disagree on the
    end of one, the second would find markup the first let through); every other URL
    attribute; `rel` (a `rel="attachment"` link would attach its target to the PDF); the
    declarations of a `style` that name a URL `resource` does not find.
    """
    for element in list(root.iter(*SCREEN_ONLY, etree.Comment, etree.ProcessingInstruction)):
        if element.getparent() is None:
            continue
        if element.tag in VOID:
            element.drop_tag()  # what libxml2 put inside it follows it in HTML5
        else:
            element.drop_tree()
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag == "img" and not _keep_image(element, resource):
            continue
        if element.tag == "image" and not _keep_svg_image(element, resource):
            continue
        element.attrib.pop("rel", None)
        for name, value in list(element.attrib.items()):
            if name == "style":
                kept = _printable_style(value, resource)
                if kept:
                    element.set("style", kept)
                else:
                    del element.attrib[name]
            elif name in URL_ATTRIBUTES:
                if not _allowed_url_attribute(element, name, value):
                    del element.attrib[name]
            elif any(not u.strip(" \t\n'\"").startswith("#")
                     for u in re.findall(r"url\(([^)]*)\)", value, re.IGNORECASE)):
                del element.attrib[name]  # an SVG paint, filter or marker of another file


def _allowed_url_attribute(element: HtmlElement, name: str, value: str) -> bool:
    if element.tag == "a" and name == "href":
        return True  # `_Section.link` keeps only internal, http(s) and mailto links
    if (element.tag, name) in (("img", "src"), ("image", "href")):
        return True  # set by `_keep_image` / `_keep_svg_image`
    return name in ("href", "xlink:href") and value.startswith("#")


def _keep_image(image: HtmlElement, resource: Resource) -> bool:
    """An image the report can read keeps a file or data URL; any other shows its text."""
    src = resource(image.get("src") or "")
    if src is not None:
        image.set("src", src)
        return True
    alt = lxml_html.Element("span")
    alt.text, alt.tail = image.get("alt") or "", image.tail
    parent = image.getparent()
    if parent is not None:
        parent.replace(image, alt)
    return False


def _keep_svg_image(image: HtmlElement, resource: Resource) -> bool:
    href = image.get("href") or image.get("xlink:href") or ""
    src = resource(href)
    if src is None:
        image.drop_tag()  # void, like `embed`
        return False
    image.attrib.pop("xlink:href", None)
    image.set("href", src)
    return True


def _printable_style(style: str, resource: Resource) -> str:
    """A style attribute, parsed as WeasyPrint parses it (tinycss2: escapes such as `u\\72l(`
    read as CSS reads them), without the declarations that name a URL it cannot read."""
    kept = []
    for declaration in tinycss2.parse_blocks_contents(style, skip_comments=True,
                                                      skip_whitespace=True):
        if declaration.type != "declaration":
            continue  # a rule or an at-rule has no place in a style attribute
        value = _printable_value(declaration.value, resource)
        if value is not None:
            important = " !important" if declaration.important else ""
            kept.append(f"{serialize_identifier(declaration.name)}: {value.strip()}{important}")
    return "; ".join(kept)


def _printable_value(tokens: list[Any], resource: Resource) -> str | None:
    """A declaration's value with its URLs made readable, or None to drop it."""
    out = []
    for token in tokens:
        url = None
        if token.type == "url":
            url = token.value
        elif token.type == "function" and token.lower_name in URL_FUNCTIONS:
            strings = [t for t in token.arguments if t.type not in ("whitespace", "comment")]
            if len(strings) != 1 or strings[0].type != "string":
                return None
            url = strings[0].value
        elif _names_a_url(token):
            return None
        if url is None:
            out.append(token.serialize())
            continue
        local = resource(url)
        if local is None:
            return None
        out.append(f"url({serialize_url(local)})")
    return "".join(out)


def _names_a_url(token: Any) -> bool:
    """A URL or a function that takes one, at any depth of a CSS value."""
    if token.type == "url" or (token.type == "function" and token.lower_name
                                in URL_FUNCTIONS | FETCHING_FUNCTIONS):
        return True
    inner = token.arguments if token.type == "function" else getattr(token, "content", None)
    return any(_names_a_url(t) for t in inner or [])
