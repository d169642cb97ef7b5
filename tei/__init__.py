"""tei-cables: plain transcriptions of declassified diplomatic cables -> TEI P5."""

from pathlib import Path

__version__ = "0.1.0"

#: Root of the project checkout: the stylesheets (xslt/) and the edition (edition/) live here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
