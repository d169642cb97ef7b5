"""Exchanging TEI with other archives: taking documents in (import) and sending the edition out
(export).

Import (``tei import``): ``importer`` (sources -> edition documents: reading, validating,
naming, writing), ``volume`` (a FRUS-like volume split into one document per
``div[@type='document']``, with the persons and terms its registers give each), ``mapping``
(a foreign header's facts onto the edition's model: title, correspondence, dates),
``provenance`` (where a document came from, recorded in its header; whether tei-cables wrote
it), ``tree`` (small helpers to add elements to foreign XML without touching its text).

Export (``tei export``): ``export`` (the command's driver), ``export_tei`` (standalone TEI and
one teiCorpus), ``export_catalogue`` (JSON and CSV), ``export_dc`` (oai_dc records),
``export_canonical``.

:func:`canonical` is the comparison form of the round trip: a document exported and imported
again must give the same canonical bytes.
"""

from .export_canonical import canonical

__all__ = ["canonical"]
