"""Exchanging TEI with other archives.

Import (``tei import``): ``importer`` (sources -> edition documents: reading, validating,
naming, writing), ``volume`` (a FRUS-like volume split into one document per
``div[@type='document']``, with the persons and terms its registers give each), ``mapping``
(a foreign header's facts onto the edition's model: title, correspondence, dates),
``provenance`` (where a document came from, recorded in its header; whether tei-cables wrote
it), ``tree`` (small helpers to add elements to foreign XML without touching its text).
"""
