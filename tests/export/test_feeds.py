"""The What's new feeds as feed readers take them: a JSON Feed 1.1 valid against SchemaStore's
schema, an Atom feed feedparser reads, absolute links only when the site's address is known,
one entry per record change saying what changed at the commit's exact time, ids that never
change, and autodiscovery links on every page."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import uuid
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import jsonschema
import pytest
from helpers import FIXTURES, REPO, copy_mini, git, mkdocs_build
from referencing import Registry, Resource

SITE = "https://review.example.org/lac/"
SCHEMAS = FIXTURES / "jsonfeed"


def json_feed_validator() -> jsonschema.protocols.Validator:
    """SchemaStore's JSON Feed 1.1 schema with the 1.0 schema it refers to, offline."""
    feed = json.loads((SCHEMAS / "feed.json").read_text(encoding="utf-8"))
    base = json.loads((SCHEMAS / "feed-1.json").read_text(encoding="utf-8"))
    registry: Registry = Registry().with_resources([
        ("https://json.schemastore.org/feed-1", Resource.from_contents(base)),
        ("https://json.schemastore.org/feed.json", Resource.from_contents(feed))])
    # Through its address, so that its relative references ("feed-1#/...") resolve.
    return jsonschema.Draft7Validator({"$ref": "https://json.schemastore.org/feed.json"},
                                      registry=registry)


def build(tmp_path: Path, site_url: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The mini project with the repository's theme overrides, committed twice (a figure's
    value changed in the second commit), built."""
    project = copy_mini(tmp_path / "mini")
    config = project / "mkdocs.yml"
    text = config.read_text().replace('site_url: ""', f'site_url: "{site_url}"')
    config.write_text(text.replace("  name: material\n",
                                   f"  name: material\n  custom_dir: {REPO / 'overrides'}\n"))
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "First edition", date="2026-02-01T12:00:00")
    figure = project / "evidence" / "figures" / "figure-f.yaml"
    figure.write_text(figure.read_text().replace("16000", "17000") + "notes: [A caveat.]\n")
    git(project, "commit", "-qam", "Subject for developers", date="2026-03-05T09:14:27")
    result = mkdocs_build(project, "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    return tmp_path / "site", result


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("published"), SITE)[0]


def commits(site: Path) -> list[str]:
    project = site.parent / "mini"
    out = subprocess.run(["git", "log", "--format=%H"], cwd=project, capture_output=True,
                         text=True, check=True).stdout.split()
    return [c[:10] for c in out]


@pytest.mark.slow
def test_the_json_feed_is_valid_json_feed_1_1(published: Path) -> None:
    feed = json.loads((published / "feed.json").read_text(encoding="utf-8"))
    errors = sorted(json_feed_validator().iter_errors(feed), key=str)
    assert errors == []
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    # The formats the schema names (no checker for them is installed): RFC 3339 times.
    for item in feed["items"]:
        assert dt.datetime.fromisoformat(item["date_published"]).tzinfo is not None
    # A feed that is not one is refused: the schema is really checked.
    assert list(json_feed_validator().iter_errors({"version": 1, "items": [{}]}))


@pytest.mark.slow
def test_with_site_url_every_link_is_absolute(published: Path) -> None:
    feed = json.loads((published / "feed.json").read_text(encoding="utf-8"))
    assert feed["home_page_url"] == SITE + "whats-new/"
    assert feed["feed_url"] == SITE + "feed.json"
    assert feed["items"] and all(i["url"].startswith(SITE) for i in feed["items"])
    item = next(i for i in feed["items"] if i["id"].endswith("/figures/figure-f"))
    assert item["url"] == SITE + "figures/figure-f/"
    assert (published / "figures" / "figure-f" / "index.html").exists()


@pytest.mark.slow
def test_one_entry_per_record_change_saying_what_changed_at_the_exact_time(
        published: Path) -> None:
    feed = json.loads((published / "feed.json").read_text(encoding="utf-8"))
    newest, first = commits(published)
    records = sorted((FIXTURES / "mini" / "evidence").glob("*/*.yaml"))
    ids = [i["id"] for i in feed["items"]]
    # Ids as they have always been: commit (10 characters)/collection/record id.
    assert ids[0] == f"{newest}/figures/figure-f"
    assert sorted(ids[1:]) == sorted(f"{first}/{p.parent.name}/{p.stem}" for p in records)
    changed = feed["items"][0]
    assert changed["content_text"] == "Changed: Value. Added: Notes."
    assert changed["date_published"] == "2026-03-05T09:14:27Z"
    assert all(i["date_published"] == "2026-02-01T12:00:00Z" for i in feed["items"][1:])
    added = next(i for i in feed["items"] if i["id"] == f"{first}/organisations/donor-b")
    assert added["content_text"] == "Added to Organisations."
    text = (published / "feed.json").read_text(encoding="utf-8")
    page = (published / "whats-new" / "index.html").read_text(encoding="utf-8")
    for shown in (text, page, (published / "feed.xml").read_text(encoding="utf-8")):
        assert "Subject for developers" not in shown and "First edition" not in shown


@pytest.mark.slow
def test_the_atom_feed_parses_with_feedparser(published: Path) -> None:
    parsed = feedparser.parse((published / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = json.loads((published / "feed.json").read_text(encoding="utf-8"))
    assert len(parsed.entries) == len(feed["items"])
    for entry, item in zip(parsed.entries, feed["items"], strict=True):
        assert entry.title == item["title"]
        assert entry.link == item["url"]
        assert entry.summary == item["content_text"]
        assert entry.id.startswith("urn:uuid:")
    assert parsed.entries[0].published == "2026-03-05T09:14:27Z"
    assert parsed.feed.link == SITE + "whats-new/"
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)


@pytest.mark.slow
def test_atom_entry_ids_are_made_from_the_json_feed_ids_alone(published: Path) -> None:
    """A rebuild, another site_url or a new feed title leaves every id as it is: an Atom id
    is the UUID 5 (URL namespace) of 'feed.json#' and the JSON Feed item's id."""
    parsed = feedparser.parse((published / "feed.xml").read_bytes())
    feed = json.loads((published / "feed.json").read_text(encoding="utf-8"))
    assert [e.id for e in parsed.entries] == [
        uuid.uuid5(uuid.NAMESPACE_URL, "feed.json#" + i["id"]).urn for i in feed["items"]]


class _Alternates(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate":
            self.links.append(a)


@pytest.mark.slow
def test_every_page_links_both_feeds(published: Path) -> None:
    pages = sorted(published.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser = _Alternates()
        parser.feed(page.read_text(encoding="utf-8"))
        found = {(x["type"], x["href"]) for x in parser.links}
        assert ("application/feed+json", SITE + "feed.json") in found, page
        assert ("application/atom+xml", SITE + "feed.xml") in found, page


@pytest.mark.slow
def test_without_site_url_the_feeds_have_no_links_and_the_build_says_so(
        tmp_path: Path) -> None:
    site, result = build(tmp_path, "")
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert "home_page_url" not in feed and "feed_url" not in feed
    assert feed["items"] and not any("url" in i for i in feed["items"])
    assert list(json_feed_validator().iter_errors(feed)) == []
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo and not any(e.get("links") for e in parsed.entries)
    assert "site_url is not set in mkdocs.yml, so feed.json and feed.xml carry no links" in (
        result.stderr)
    # The pages still point to the feeds, relative to themselves.
    parser = _Alternates()
    parser.feed((site / "figures" / "figure-f" / "index.html").read_text(encoding="utf-8"))
    assert {("application/feed+json", "../../feed.json"),
            ("application/atom+xml", "../../feed.xml")} <= {(x["type"], x["href"])
                                                              for x in parser.links}
