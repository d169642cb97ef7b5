<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI -> the plain text of the document, in the transcription's own conventions.

  Markup goes back to the markers it was made from, so that the result can be compared with
  the source transcription ("nothing lost"):
    gap[@reason='redacted']  -> [TN: desc]        note[@type='translator'] -> [TN: ...]
    supplied                 -> [...]             choice(abbr, expan)      -> abbr [expan]
  Blocks (paragraphs, headings, stamps, form fields ...) are separated by a blank line; a
  speaker's label stands on the line of the turn's first paragraph. The header is not text.

  Parameter lang: "ja" or "en" keeps only the body's text in that language.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="lang" as="xs:string" select="''"/>

  <!-- elements whose content is a block of text of its own -->
  <xsl:variable name="blocks" as="xs:string*" select="
      ('p', 'head', 'ab', 'fw', 'docDate', 'titlePart', 'publisher', 'item', 'label', 'trailer',
       'byline', 'dateline', 'bibl', 'speaker')"/>

  <xsl:template match="/">
    <xsl:variable name="text" as="xs:string*">
      <xsl:choose>
        <xsl:when test="$lang = ('ja', 'en')">
          <xsl:apply-templates select="//tei:body/tei:div[@xml:lang = $lang]"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="/tei:TEI/tei:text"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <!-- blank lines between blocks, never more than one, none at the start -->
    <xsl:variable name="joined" select="replace(string-join($text), '\n[ \t]*\n(\s*\n)*',
                                            '&#10;&#10;')"/>
    <xsl:value-of select="replace($joined, '^\s+|\s+$', '') || '&#10;'"/>
  </xsl:template>

  <xsl:template match="tei:teiHeader"/>

  <xsl:template match="*[local-name() = $blocks] | tei:seg[@type = ('metadata', 'telegram-form',
                       'forwarding')] | tei:stage[@type = 'narration']">
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- a related document: date, title and description, each on its line -->
  <xsl:template match="tei:listBibl/tei:bibl/*">
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- "(Prime Minister) Since this administration's ..." -->
  <xsl:template match="tei:sp">
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:apply-templates select="tei:speaker/node()"/>
    <xsl:variable name="first" select="tei:speaker/following-sibling::*[1][self::tei:p]"/>
    <xsl:if test="$first">
      <xsl:text> </xsl:text>
      <xsl:apply-templates select="$first/node()"/>
    </xsl:if>
    <xsl:apply-templates select="* except (tei:speaker, $first)"/>
  </xsl:template>

  <xsl:template match="tei:gap[@reason = 'redacted']">
    <xsl:text>[TN: </xsl:text>
    <xsl:value-of select="tei:desc"/>
    <xsl:text>]</xsl:text>
  </xsl:template>
  <xsl:template match="tei:gap">
    <xsl:text>[</xsl:text>
    <xsl:value-of select="(tei:desc, @reason, 'gap')[1]"/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="tei:note[@type = 'translator']">
    <xsl:text>[TN: </xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="tei:supplied">
    <xsl:text>[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="tei:choice[tei:abbr and tei:expan]">
    <xsl:apply-templates select="tei:abbr/node()"/>
    <xsl:text> [</xsl:text>
    <xsl:apply-templates select="tei:expan/node()"/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="tei:lb | tei:pb">
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- a space the source leaves between words ("düster,<space/>so") -->
  <xsl:template match="tei:space">
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="text()">
    <xsl:value-of select="."/>
  </xsl:template>
</xsl:stylesheet>
