<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI -> the document's catalogue record, as JSON (an XSLT 3 map serialised with the json
  method). Its fields are described in schema/catalogue.schema.json; tei/exchange/
  export_catalogue.py puts them in the schema's order and writes the JSON and CSV files.

  Parameters: file (the exported TEI file's name), imported ('true' for a document taken in
  from another archive), url (where the published edition shows the document, or '').
  A field the document does not give is null (one value) or [] (many).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ex="urn:tei-cables:export"
    exclude-result-prefixes="#all">

  <xsl:include href="fields.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="file" as="xs:string" select="''"/>
  <xsl:param name="imported" as="xs:string" select="''"/>
  <xsl:param name="url" as="xs:string" select="''"/>
  <!-- the document's file name without .xml: its id when it has no xml:id -->
  <xsl:param name="stem" as="xs:string" select="''"/>


  <xsl:template match="/">
    <xsl:variable name="tei" select="(/tei:TEI, /*)[1]"/>
    <xsl:variable name="is-imported" select="$imported = 'true'"/>
    <xsl:variable name="record" select="map {
        'id': (ex:id($tei), $stem)[1],
        'file': $file,
        'url': $url[. != ''],
        'title': ex:title($tei),
        'title_original': ex:title-original($tei),
        'title_original_lang': ex:title-lang($tei),
        'date_sent': ex:date-sent($tei),
        'date_received': ex:date-received($tei),
        'sender': array { ex:senders($tei) },
        'recipient': array { ex:recipients($tei) },
        'places': array { ex:places($tei) },
        'translators': array { ex:translators($tei) },
        'classification': ex:category($tei, 'classification'),
        'precedence': ex:category($tei, 'precedence'),
        'distribution': ex:category($tei, 'distribution'),
        'genre': ex:category($tei, 'genre'),
        'redactions': ex:redactions($tei),
        'languages': array { ex:languages($tei) },
        'summary': ex:summary($tei),
        'source_url': ex:source-url($tei),
        'citation': ex:citation($tei),
        'repository': ex:repository($tei),
        'file_number': ex:idno($tei, 'file'),
        'cable_number': ex:idno($tei, 'cable'),
        'record_id': ex:record-id($tei),
        'related': array { ex:related($tei) },
        'imported': $is-imported,
        'provenance': if ($is-imported) then ex:provenance($tei) else ()
      }"/>
    <xsl:value-of select="serialize($record, map { 'method': 'json', 'indent': false() })"/>
  </xsl:template>
</xsl:stylesheet>
