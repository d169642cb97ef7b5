<?xml version="1.0" encoding="UTF-8"?>
<!--
  The catalogue's fields, read from one TEI document: written once, used by catalogue.xsl
  (the JSON and CSV catalogue) and oai_dc.xsl (the Dublin Core records), so both always say
  the same thing of a document.

  Every function takes the document's TEI element and returns what it finds, or the empty
  sequence when the document does not say (a document from another archive often does not):
  nothing is guessed. Dates are returned only when they are ISO 8601 (@when).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ex="urn:tei-cables:export"
    exclude-result-prefixes="#all">

  <!-- ISO 8601 as TEI's @when allows it: a year, a month, a day, a time with its zone -->
  <xsl:variable name="ex:iso" as="xs:string"
      select="'^-?\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+\-]\d{2}:\d{2})?)?)?)?$'"/>

  <xsl:function name="ex:text" as="xs:string?">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="s" select="normalize-space(string-join($nodes ! string(.), ' '))"/>
    <xsl:sequence select="$s[. != '']"/>
  </xsl:function>

  <xsl:function name="ex:distinct" as="xs:string*">
    <xsl:param name="values" as="xs:string*"/>
    <xsl:sequence select="distinct-values($values[. != ''])"/>
  </xsl:function>

  <xsl:function name="ex:header" as="element(tei:teiHeader)?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei/tei:teiHeader"/>
  </xsl:function>

  <xsl:function name="ex:id" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ex:text(($tei/@xml:id,
        ex:header($tei)/tei:fileDesc/tei:publicationStmt/tei:idno[@type = 'edition'])[1])"/>
  </xsl:function>

  <xsl:function name="ex:title" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="titles" select="ex:header($tei)/tei:fileDesc/tei:titleStmt/tei:title"/>
    <xsl:sequence select="ex:text(($titles[@type = ('main', 'complete')],
        $titles[not(@type = ('original', 'sub', 'short'))], $titles)[1])"/>
  </xsl:function>

  <xsl:function name="ex:title-original" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ex:text(ex:header($tei)/tei:fileDesc/tei:titleStmt
                                  /tei:title[@type = 'original'][1])"/>
  </xsl:function>

  <xsl:function name="ex:title-lang" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ex:text(ex:header($tei)/tei:fileDesc/tei:titleStmt
                                  /tei:title[@type = 'original'][1]/@xml:lang)"/>
  </xsl:function>

  <xsl:function name="ex:action" as="element(tei:correspAction)*">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="ex:header($tei)/tei:profileDesc/tei:correspDesc
                          /tei:correspAction[@type = $type]"/>
  </xsl:function>

  <xsl:function name="ex:iso-date" as="xs:string?">
    <xsl:param name="dates" as="element()*"/>
    <xsl:sequence select="($dates/@when ! normalize-space(.))[matches(., $ex:iso)][1]"/>
  </xsl:function>

  <!-- sent: the correspondence's date, else the document's own date, else its creation -->
  <xsl:function name="ex:date-sent" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="(ex:iso-date(ex:action($tei, 'sent')/tei:date),
        ex:iso-date($tei/tei:text/tei:front//tei:docDate),
        ex:iso-date(ex:header($tei)/tei:profileDesc/tei:creation//tei:date))[1]"/>
  </xsl:function>

  <xsl:function name="ex:date-received" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ex:iso-date(ex:action($tei, 'received')/tei:date)"/>
  </xsl:function>

  <xsl:function name="ex:agents" as="xs:string*">
    <xsl:param name="actions" as="element()*"/>
    <xsl:sequence select="ex:distinct($actions/(tei:persName | tei:orgName | tei:name)
                                      ! ex:text(.))"/>
  </xsl:function>

  <!-- the sender: the correspondence's, else the author(s) of the title statement -->
  <xsl:function name="ex:senders" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="sent" select="ex:agents(ex:action($tei, 'sent'))"/>
    <xsl:sequence select="if (exists($sent)) then $sent else ex:distinct(
        ex:header($tei)/tei:fileDesc/tei:titleStmt/tei:author ! ex:text(.))"/>
  </xsl:function>

  <xsl:function name="ex:recipients" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ex:agents(ex:action($tei, 'received'))"/>
  </xsl:function>

  <xsl:function name="ex:places" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ex:distinct(ex:header($tei)/tei:profileDesc/tei:correspDesc
                                      /tei:correspAction/tei:placeName ! ex:text(.))"/>
  </xsl:function>

  <xsl:function name="ex:translators" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ex:distinct(ex:header($tei)/tei:fileDesc/tei:titleStmt
        /tei:respStmt[tei:resp/@key = 'trl']/(tei:persName | tei:name | tei:orgName)
        ! ex:text(.))"/>
  </xsl:function>

  <!-- the description of the category a catRef of this scheme points to, in this document -->
  <xsl:function name="ex:category" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="scheme" as="xs:string"/>
    <xsl:variable name="header" select="ex:header($tei)"/>
    <xsl:variable name="targets" select="$header/tei:profileDesc/tei:textClass
        /tei:catRef[@scheme = '#' || $scheme]/tokenize(@target)[starts-with(., '#')]
        ! substring(., 2)"/>
    <xsl:sequence select="ex:text(($header//tei:category[@xml:id = $targets]
                                   /tei:catDesc)[1])"/>
  </xsl:function>

  <xsl:function name="ex:redactions" as="xs:integer">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="count($tei/tei:text//tei:gap[@reason = 'redacted'])"/>
  </xsl:function>

  <!-- the languages the header declares, else those the text is marked with -->
  <xsl:function name="ex:languages" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="declared" select="ex:distinct(ex:header($tei)/tei:profileDesc
        /tei:langUsage/tei:language/@ident ! normalize-space(.))"/>
    <xsl:sequence select="if (exists($declared)) then $declared
        else ex:distinct(($tei/tei:text/ancestor-or-self::*[@xml:lang][1]/@xml:lang,
                          $tei/tei:text//@xml:lang) ! normalize-space(.))"/>
  </xsl:function>

  <xsl:function name="ex:summary" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ex:text(ex:header($tei)/tei:profileDesc/tei:abstract)"/>
  </xsl:function>

  <xsl:function name="ex:is-url" as="xs:boolean">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="matches($s, '^https?://\S+$')"/>
  </xsl:function>

  <!-- where the archive publishes the document: the digital archive's link, else the first
       web link of the source description -->
  <xsl:function name="ex:source-url" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="source" select="ex:header($tei)/tei:fileDesc/tei:sourceDesc"/>
    <xsl:sequence select="(($source//tei:bibl[@type = 'digital-archive']//@target,
        $source//(tei:ptr | tei:ref)/@target) ! normalize-space(.))[ex:is-url(.)][1]"/>
  </xsl:function>

  <xsl:function name="ex:citation" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ex:text((ex:header($tei)/tei:fileDesc/tei:sourceDesc
        //tei:note[@type = 'citation'], $tei/tei:text//tei:bibl[@type = 'citation'])[1])"/>
  </xsl:function>

  <xsl:function name="ex:repository" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ex:text((ex:header($tei)/tei:fileDesc/tei:sourceDesc
                                   //tei:msIdentifier/tei:repository)[1])"/>
  </xsl:function>

  <xsl:function name="ex:idno" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="ex:text((ex:header($tei)/tei:fileDesc/tei:sourceDesc
                                   //tei:msIdentifier//tei:idno[@type = $type])[1])"/>
  </xsl:function>

  <!-- the archive's record id: the item after the label "Record ID" of the document's
       information (empty in the archive's pages so far, then null) -->
  <xsl:function name="ex:record-id" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ex:text(($tei/tei:text/tei:back//tei:list/tei:label
        [normalize-space() = 'Record ID']/following-sibling::tei:item[1])[1])"/>
  </xsl:function>

  <!-- related documents: another document of the edition by its id (its file name without
       .xml), any other by its web address or, failing that, its title -->
  <xsl:function name="ex:related" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="refs" select="ex:header($tei)/tei:profileDesc/tei:correspDesc
        /tei:correspContext/tei:ref/@target/tokenize(.)"/>
    <xsl:variable name="bibls" select="$tei/tei:text/tei:back/tei:div[@type = 'related']
        //tei:bibl ! (if (@corresp) then tokenize(@corresp)[1]
                      else ex:text((tei:title, .)[1]))"/>
    <xsl:sequence select="ex:distinct(($refs, $bibls) ! (
        if (matches(., '^[A-Za-z0-9._\-]+\.xml$')) then replace(., '\.xml$', '') else .))"/>
  </xsl:function>

  <!-- the provenance of a document taken in from another archive: what its header says of
       it (provenance, or a note or bibl typed so), else its source description -->
  <xsl:function name="ex:provenance" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="header" select="ex:header($tei)"/>
    <xsl:sequence select="(ex:text($header//tei:provenance),
        ex:text($header//*[@type = ('provenance', 'imported')][1]),
        ex:text($header/tei:fileDesc/tei:sourceDesc))[1]"/>
  </xsl:function>
</xsl:stylesheet>
