"""Line and column of elements and attributes, also where libxml2's line is not the place."""

from __future__ import annotations

from lxml import etree

from tei.validate.locate import Locator

TEXT = ('<?xml version="1.0"?>\n<!-- <not> an element -->\n<a>\n<b\n  x="1>"\n'
        "  y='2'>t<![CDATA[<z>]]></b><c q=\"r\"/></a>")


def test_elements_and_attributes_are_located_in_the_text():
    tree = etree.fromstring(TEXT.encode()).getroottree()
    where = Locator(tree, TEXT)
    a, b, c = tree.getroot().iter()
    assert where.where(a) == (3, 1)
    assert b.sourceline == 6  # libxml2: the line where the start tag ends
    assert where.where(b) == (4, 1)  # the start tag begins here
    assert where.where(b, "y") == (6, 3)
    assert where.where(c) == (6, 29) and where.where(c, "q") == (6, 32)
    assert where.where(c, "absent") == (6, 29)


def test_a_multiline_start_tag_is_reported_where_it_begins(tmp_path):
    from tei.validate import validate

    doc = tmp_path / "doc.xml"
    doc.write_text(TEXT.replace("<a>", "<a>").replace('<?xml version="1.0"?>\n', ""), "utf-8")
    minimal = (tmp_path / "m.xml")
    minimal.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <teiHeader\n'
                       '      colour="red">\n  </teiHeader>\n</TEI>\n', "utf-8")
    problems = [p for p in validate([minimal]).problems if p.rule == "rng:attribute"]
    assert [(p.line, p.column) for p in problems] == [(3, 7)]


def test_columns_in_files_with_a_byte_order_mark_or_another_encoding(tmp_path):
    from tei.validate import validate

    body = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader colour="é"/></TEI>\n')
    (tmp_path / "bom.xml").write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    (tmp_path / "utf16.xml").write_bytes(('<?xml version="1.0" encoding="UTF-16"?>\n'
                                          + body).encode("utf-16"))
    for name, line in (("bom.xml", 1), ("utf16.xml", 2)):
        problems = [p for p in validate([tmp_path / name]).problems if p.rule == "rng:attribute"]
        assert [(p.line, p.column) for p in problems] == [(line, 53)], name
