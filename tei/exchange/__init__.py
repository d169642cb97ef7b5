"""Exchanging TEI with other archives: taking documents in (import) and sending the edition out
(``export*.py``: TEI, plain text, the catalogue as JSON and CSV, Dublin Core records).

:func:`canonical` is the comparison form of the round trip: a document exported and imported
again must give the same canonical bytes.
"""

from .export_canonical import canonical

__all__ = ["canonical"]
