"""The shipped edition: its TEI is exactly what `tei convert` writes from its sources."""

from __future__ import annotations

import pytest

from tei.convert import convert
from tei.edition import DEFAULT_EDITION, load_edition
from tei.schema import xml_models
from tei.sources import read_document
from tei.text import normalise, tei_text
from tei.xmlio import without_xml_models

from .faithful import assert_words_in_order, source_words


def test_committed_tei_equals_converter_output(tmp_path, edition):
    sources = sorted((DEFAULT_EDITION / "sources").glob("*.txt"))
    assert len(sources) == 3
    outcomes = convert(sources, tmp_path, edition)
    assert all(o.ok and not o.problems for o in outcomes)
    shipped = sorted(p.name for p in (DEFAULT_EDITION / "tei").glob("*.xml"))
    assert shipped == ["cable-1456.xml", "cable-1468.xml", "cable-5515.xml"]
    for name in shipped:
        # the xml-model PIs depend on where a file is written: the rest must be identical
        written = without_xml_models((tmp_path / name).read_bytes())
        committed = (DEFAULT_EDITION / "tei" / name).read_bytes()
        assert written == without_xml_models(committed), (
            f"edition/tei/{name} is stale: run `tei convert edition/sources/*.txt -o edition/tei`")
        models = [f"<?xml-model {m}?>".encode() for m in xml_models(DEFAULT_EDITION / "tei")]
        assert committed.split(b"\n")[1:3] == models, f"edition/tei/{name}: xml-model PIs"


def test_shipped_sources_round_trip(edition):
    """Each shipped source is one shipped TEI file, whose text is the source's."""
    shipped = {}
    for source in sorted((DEFAULT_EDITION / "sources").glob("*.txt")):
        doc = read_document(source)
        path = DEFAULT_EDITION / "tei" / f"{doc.id}.xml"
        text, words = tei_text(path), source.read_text("utf-8")
        assert normalise(text) == normalise(words, source=True), source.name
        assert_words_in_order(source_words(words), text, least=400)
        shipped[source.name] = path.name
    assert sorted(shipped.values()) == sorted(p.name for p in (DEFAULT_EDITION / "tei").glob(
        "*.xml")) and len(shipped) == 3


def test_edition_needs_nothing_from_shared():
    """The edition is self-contained: config, register and sources all ship in edition/."""
    edition = load_edition()
    assert edition.persons_path.is_file()
    assert edition.rights and "welcomes reuse" in edition.rights[0]
    for path in (DEFAULT_EDITION / "tei").glob("*.xml"):
        assert "shared" not in path.read_text(encoding="utf-8")


def test_bad_edition_config_is_located(tmp_path):
    (tmp_path / "edition.toml").write_text("[edition]\ntitle = \n", encoding="utf-8")
    try:
        load_edition(tmp_path)
    except Exception as exc:  # noqa: BLE001 - the message is what we check
        assert f"{tmp_path / 'edition.toml'}:2:" in str(exc)
    else:
        raise AssertionError("a malformed edition.toml was accepted")


@pytest.mark.parametrize("hosts", ['"iiif.example.org"', '["https://iiif.example.org"]',
                                   '["*.example.org"]', '["iiif.example.org/images"]', "[1]"])
def test_image_hosts_must_be_host_names(tmp_path, hosts):
    """The hosts whose images the site may show are names a Content-Security-Policy can hold:
    anything else is refused, located, rather than turned into a policy that allows more."""
    from tei.errors import TeiCablesError

    (tmp_path / "edition.toml").write_text(f'[edition]\ntitle = "T"\nimage_hosts = {hosts}\n',
                                           encoding="utf-8")
    with pytest.raises(TeiCablesError) as caught:
        load_edition(tmp_path)
    assert f"{tmp_path / 'edition.toml'}:3:1: error: image_hosts" in str(caught.value)


def test_image_hosts_are_read(tmp_path):
    assert load_edition().image_hosts == ()  # the shipped edition allows no other host
    text = (DEFAULT_EDITION / "edition.toml").read_text("utf-8").replace(
        "[edition]\n", '[edition]\nimage_hosts = ["IIIF.Example.org", "img.example.org:8443"]\n')
    (tmp_path / "edition.toml").write_text(text, encoding="utf-8")
    assert load_edition(tmp_path).image_hosts == ("iiif.example.org", "img.example.org:8443")
