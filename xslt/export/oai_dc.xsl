<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI -> one Dublin Core record (oai_dc, the metadata format every OAI-PMH 2.0 repository
  must offer), from the same fields as the catalogue (fields.xsl).

    title        the title (and the original-language title, with its xml:lang)
    creator      the sender            contributor  the translator(s)
    date         the date sent (ISO)   type         "Text" (DCMI Type) and the genre
    format       application/tei+xml   identifier   the edition's id, and its URL if known
    source       the archive's citation, the archive's web address
    language     the languages         rights       the licence, the archive's statement
    description  the summary           subject      the header's keywords
    coverage     the places            relation     the related documents
    publisher    the edition's publisher

  Parameters: url (the document's page in the published edition, or '').
  Nothing is written for a field the document does not give.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ex="urn:tei-cables:export"
    xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="xs tei ex">

  <xsl:include href="fields.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:param name="url" as="xs:string" select="''"/>
  <!-- the document's file name without .xml: its id when it has no xml:id -->
  <xsl:param name="stem" as="xs:string" select="''"/>

  <xsl:template name="dc">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="values" as="xs:string*"/>
    <xsl:param name="lang" as="xs:string?" select="()"/>
    <xsl:for-each select="$values[normalize-space() != '']">
      <xsl:element name="dc:{$name}" namespace="http://purl.org/dc/elements/1.1/">
        <xsl:if test="exists($lang)">
          <xsl:attribute name="xml:lang" select="$lang"/>
        </xsl:if>
        <xsl:value-of select="."/>
      </xsl:element>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="/">
    <xsl:variable name="tei" select="(/tei:TEI, /*)[1]"/>
    <xsl:variable name="header" select="$tei/tei:teiHeader"/>
    <oai_dc:dc xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'title'"/>
        <xsl:with-param name="values" select="ex:title($tei)"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'title'"/>
        <xsl:with-param name="values" select="ex:title-original($tei)"/>
        <xsl:with-param name="lang" select="ex:title-lang($tei)"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'creator'"/>
        <xsl:with-param name="values" select="ex:senders($tei)"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'contributor'"/>
        <xsl:with-param name="values" select="ex:translators($tei)"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'subject'"/>
        <xsl:with-param name="values"
            select="ex:distinct($header/tei:profileDesc/tei:textClass/tei:keywords//tei:term
                                ! ex:text(.))"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'description'"/>
        <xsl:with-param name="values" select="ex:summary($tei)"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'publisher'"/>
        <xsl:with-param name="values"
            select="ex:text($header/tei:fileDesc/tei:publicationStmt/tei:publisher[1])"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'date'"/>
        <xsl:with-param name="values" select="ex:date-sent($tei)"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'type'"/>
        <xsl:with-param name="values" select="('Text', ex:category($tei, 'genre'))"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'format'"/>
        <xsl:with-param name="values" select="'application/tei+xml'"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'identifier'"/>
        <xsl:with-param name="values" select="((ex:id($tei), $stem[. != ''])[1], $url[. != ''])"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'source'"/>
        <xsl:with-param name="values" select="ex:distinct((ex:citation($tei),
            ex:source-url($tei)))"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'language'"/>
        <xsl:with-param name="values" select="ex:languages($tei)"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'relation'"/>
        <xsl:with-param name="values" select="ex:related($tei)"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'coverage'"/>
        <xsl:with-param name="values" select="ex:places($tei)"/>
      </xsl:call-template>
      <xsl:call-template name="dc">
        <xsl:with-param name="name" select="'rights'"/>
        <xsl:with-param name="values" select="ex:distinct((
            $header/tei:fileDesc/tei:publicationStmt/tei:availability
              /(tei:licence, tei:licence/@target, tei:p) ! ex:text(.),
            $header/tei:fileDesc/tei:sourceDesc//tei:adminInfo/tei:availability/tei:p
              ! ex:text(.)))"/>
      </xsl:call-template>
    </oai_dc:dc>
  </xsl:template>
</xsl:stylesheet>
