<?xml version="1.0" encoding="UTF-8"?>
<!--
  The print edition: a teiCorpus (the edition's facts and register in its header, one TEI per
  document, assembled by tei/publish/pdf.py) -> one HTML document for CSS Paged Media (WeasyPrint,
  styled by xslt/common.css and xslt/print/book.css).

  How each TEI element looks comes from xslt/common.xsl, shared with the web edition; this
  stylesheet adds the book around it (title page, introduction, editorial principles, table
  of contents, one chapter per document, index of persons) and overrides only what print
  needs: notes as footnotes, links to other documents as in-book anchors, persons linked to
  the index, an anchor at every turn and mention so that the index can give page numbers.

  Parameters:
    $layout         'book': the whole book; 'document': one document (`tei build pdf` with each
                    passes a corpus of one TEI), with a short title block instead of the
                    front matter and an index of the persons of that document;
    $anchor-pages   "anchor=page anchor=page …" from the layout of the body (tei/publish/pdf.py):
                    with it the index gives each page once, as ranges ("12–14"), the numbers
                    written out; without it, one reference per turn or mention, numbered by the
                    engine (target-counter);
    $part           'all': the whole HTML; 'body': everything but the index's entries (the index
                    is a heading only, where it will begin); 'index': the index alone, after one
                    or two lead pages ($lead-pages) that give it the side and running head it
                    has in the book. tei/publish/pdf.py lays out the body once, then the index
                    with the body's page numbers, and joins the pages.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tc="urn:tei-cables:functions"
    exclude-result-prefixes="#all">

  <xsl:import href="../common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"/>

  <xsl:param name="note-style" as="xs:string" select="'footnote'"/>
  <xsl:param name="layout" as="xs:string" select="'book'"/>
  <!-- in the book, a link to another document goes to its chapter; in a document's own PDF,
       to that document's PDF beside it (tei build pdf with each writes them together) -->
  <xsl:param name="doc-anchor" as="xs:boolean" select="$layout = 'book'"/>
  <xsl:param name="doc-suffix" as="xs:string" select="if ($layout = 'book') then '' else '.pdf'"/>
  <xsl:param name="persons-href" as="xs:string" select="''"/>
  <!-- the book has an index of persons, none of places or organisations -->
  <xsl:param name="places-href" as="xs:string?" select="()"/>
  <xsl:param name="organisations-href" as="xs:string?" select="()"/>
  <xsl:variable name="book" as="xs:boolean" select="$layout = 'book'"/>
  <xsl:param name="anchor-pages" as="xs:string" select="''"/>
  <!-- The volume this book is, when the edition is printed in several ("Volume 2 of 4: …") -->
  <xsl:param name="volume" as="xs:string" select="''"/>
  <xsl:param name="part" as="xs:string" select="'all'"/>
  <xsl:param name="lead-pages" as="xs:string" select="'1'"/>

  <xsl:variable name="docs" select="/tei:teiCorpus/tei:TEI"/>
  <!-- the documents a link can lead to: the book's chapters (a document's own PDF is given
       the edition's, which are written beside it) -->
  <xsl:param name="edition-docs" as="xs:string" select="string-join($docs/@xml:id, ' ')"/>
  <xsl:variable name="own-docs" select="$docs[not(tc:is-imported(.))]"/>
  <xsl:variable name="facts" select="/tei:teiCorpus/tei:teiHeader"/>
  <xsl:variable name="register" select="$facts//tei:listPerson/tei:person"/>
  <xsl:variable name="edition-title" select="normalize-space($facts//tei:titleStmt/tei:title[@type = 'main'])"/>

  <xsl:variable name="pages" as="map(xs:string, xs:integer)" select="
      map:merge(for $pair in tokenize(normalize-space($anchor-pages), ' ')
                return map {substring-before($pair, '='): xs:integer(substring-after($pair, '='))})"/>

  <!-- ================================================================ functions -->

  <!-- The title of a document: its own, never its series' (tc:title, common.xsl). -->
  <xsl:function name="tc:doc-title" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="tc:title($tei)"/>
  </xsl:function>

  <!-- A short title for running heads, bookmarks and the contents: "Cable No. 1468: Japan-…"
       (the subject in quotes after the number, when the title has that shape). -->
  <xsl:function name="tc:short-title" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="title" select="tc:doc-title($tei)"/>
    <xsl:sequence select="
        if (matches($title, '^(Cable No\. \d+), .*?, ''(.*)''$'))
        then replace($title, '^(Cable No\. \d+), .*?, ''(.*)''$', '$1: $2')
        else $title"/>
  </xsl:function>

  <xsl:function name="tc:doc-date" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="($tei//tei:correspAction[@type = 'sent']/tei:date/@when,
                           $tei/tei:text/tei:front/tei:docDate/@when)[1]"/>
  </xsl:function>

  <!-- "Hosokawa, Morihiro" for the index; the Japanese name as it is written. -->
  <xsl:function name="tc:sort-name" as="xs:string">
    <xsl:param name="person" as="element()"/>
    <xsl:variable name="en" select="($person/tei:persName[@xml:lang = 'en'], $person/tei:persName,
                                      $person/tei:name)[1]"/>
    <xsl:sequence select="
        if ($en/tei:surname) then
          string-join((normalize-space(string-join($en/tei:surname//text())),
                       normalize-space(string-join($en/tei:forename//text(), ' ')),
                       normalize-space(string-join($en/tei:genName//text(), ' ')))[.], ', ')
        else normalize-space(string-join($en//text()))"/>
  </xsl:function>

  <!-- Who a pointer (@who, @ref) names: person ids without '#'. -->
  <xsl:function name="tc:ids" as="xs:string*">
    <xsl:param name="refs" as="xs:string?"/>
    <xsl:sequence select="for $r in tokenize(normalize-space($refs), ' ')[starts-with(., '#')]
                          return substring($r, 2)"/>
  </xsl:function>

  <!-- The anchor of a place where a person speaks or is named (see the overrides below).
       Not generate-id(): the book is transformed twice (its body, then its index: see
       $part) and the anchors of the body's layout must name the same places in the index;
       an element's rank in its document is stable. -->
  <xsl:function name="tc:anchor" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
        if ($e/@xml:id) then string($e/@xml:id)
        else 'at-' || $e/ancestor::tei:TEI[1]/@xml:id || '-'
             || count($e/preceding::* | $e/ancestor::*)"/>
  </xsl:function>

  <!-- ============================================================= the book -->

  <xsl:template match="/">
    <xsl:variable name="single" select="not($book)"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <title>
          <xsl:value-of select="if ($single and count($docs) = 1) then tc:doc-title($docs[1])
                                else $edition-title"/>
        </title>
        <meta name="author" content="{string-join(distinct-values(
            ($facts//tei:titleStmt/tei:editor ! normalize-space(.))), '; ')}"/>
        <meta name="description" content="{normalize-space($facts//tei:titleStmt/tei:title[@type = 'sub'])}"/>
        <meta name="keywords" content="TEI; diplomatic cables; Japan; United States; {string-join($docs ! tc:short-title(.), '; ')}"/>
        <meta name="generator" content="tei-cables"/>
        <meta name="dcterms.created" content="{$facts//tei:publicationStmt/tei:date/@when}"/>
      </head>
      <body class="{if ($single) then 'single' else 'book'}">
        <xsl:choose>
          <xsl:when test="$part = 'index'">
            <!-- the lead pages: dropped after the layout, they give the index's first page
                 the side (left or right) and the running head it has in the book -->
            <xsl:for-each select="1 to xs:integer($lead-pages)">
              <div class="index-lead" data-running="{$edition-title}">&#160;</div>
            </xsl:for-each>
          </xsl:when>
          <xsl:when test="$single">
            <xsl:apply-templates select="$docs" mode="document"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="title-page"/>
            <xsl:call-template name="introduction"/>
            <xsl:call-template name="principles"/>
            <xsl:call-template name="contents"/>
            <xsl:apply-templates select="$docs" mode="document"/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="persons-index"/>
      </body>
    </html>
  </xsl:template>

  <!-- ========================================================== front matter -->

  <xsl:template name="title-page">
    <section class="title-page" id="title-page">
      <h1 class="book-title" data-running="{$edition-title}">
        <xsl:value-of select="$edition-title"/>
      </h1>
      <p class="book-subtitle">
        <xsl:value-of select="$facts//tei:titleStmt/tei:title[@type = 'sub']"/>
      </p>
      <xsl:if test="$volume">
        <p class="book-volume"><xsl:value-of select="$volume"/></p>
      </xsl:if>
      <p class="book-editors">
        <span class="label">Edited by </span>
        <xsl:value-of select="string-join(distinct-values($facts//tei:titleStmt/tei:editor
                                                          ! normalize-space(.)), ', ')"/>
      </p>
      <div class="imprint">
        <p class="publisher">
          <xsl:value-of select="$facts//tei:publicationStmt/tei:publisher"/>
          <xsl:text> · </xsl:text>
          <xsl:value-of select="$facts//tei:publicationStmt/tei:date"/>
        </p>
        <xsl:for-each select="$facts//tei:publicationStmt//tei:licence">
          <p class="licence">
            <xsl:value-of select="normalize-space(.)"/>
            <xsl:if test="tc:safe-url(@target)">
              <xsl:text> </xsl:text>
              <a href="{tc:safe-url(@target)}"><xsl:value-of select="@target"/></a>
            </xsl:if>
          </p>
        </xsl:for-each>
        <p class="colophon">
          <xsl:text>Typeset from the edition’s TEI P5 files by tei-cables (XSLT 3.0, WeasyPrint); </xsl:text>
          <xsl:text>Japanese in Noto Serif CJK JP, English in Noto Serif.</xsl:text>
        </p>
      </div>
    </section>
  </xsl:template>

  <xsl:template name="introduction">
    <xsl:variable name="dates" select="sort($own-docs ! tc:doc-date(.))"/>
    <xsl:variable name="imported" select="$docs except $own-docs"/>
    <xsl:variable name="with-original" select="$own-docs[tei:text/tei:body/tei:div[@type = 'original']]"/>
    <xsl:variable name="translators" select="distinct-values($docs//tei:titleStmt/tei:respStmt
        [tei:resp/@key = 'trl']/(tei:persName, tei:orgName)[1] ! normalize-space(.))"/>
    <xsl:variable name="repositories" select="distinct-values($docs//tei:msIdentifier/tei:repository ! normalize-space(.))"/>
    <xsl:variable name="archives" select="distinct-values($docs//tei:surrogates/tei:bibl/tei:title ! normalize-space(.))"/>
    <section class="front-matter" id="introduction">
      <h1 data-running="Introduction">Introduction</h1>
      <p>
        <xsl:text>This edition presents </xsl:text>
        <xsl:value-of select="tc:count-words(count($own-docs), 'declassified diplomatic cable', 'declassified diplomatic cables')"/>
        <xsl:if test="exists($dates)">
          <xsl:text> of </xsl:text>
          <xsl:value-of select="tc:date-range($dates[1], $dates[last()])"/>
        </xsl:if>
        <xsl:text>, in which Japan’s diplomats reported to Tokyo on meetings between the leaders of Japan and the United States. </xsl:text>
        <xsl:if test="exists($repositories)">
          <xsl:text>The cables are kept by the </xsl:text>
          <xsl:value-of select="string-join($repositories, ' and the ')"/>
          <xsl:if test="exists($archives)">
            <xsl:text>; the </xsl:text>
            <xsl:value-of select="string-join($archives, ' and the ')"/>
            <xsl:text> published their scans with transcriptions and an English translation</xsl:text>
          </xsl:if>
          <xsl:text>. </xsl:text>
        </xsl:if>
      </p>
      <p>
        <xsl:choose>
          <xsl:when test="count($with-original) = count($own-docs)">
            <xsl:text>Every cable is given twice: the Japanese original as transcribed from the scan, then the English translation</xsl:text>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="tc:count-words(count($with-original), 'cable is', 'cables are')
                                  ! (upper-case(substring(., 1, 1)) || substring(., 2))"/>
            <xsl:text> given twice, the Japanese original as transcribed from the scan, then the English translation; for </xsl:text>
            <xsl:value-of select="string-join(($own-docs except $with-original) ! tc:short-title(.), ', ')"/>
            <xsl:text> the archive provides the translation only</xsl:text>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="exists($translators)">
          <xsl:text> (translated by </xsl:text>
          <xsl:value-of select="string-join($translators, ', ')"/>
          <xsl:text>)</xsl:text>
        </xsl:if>
        <xsl:text>.</xsl:text>
        <xsl:if test="$imported">
          <xsl:value-of select="' Beside them the book prints ' || tc:count-words(count($imported),
              'document', 'documents') || ' imported from other archives, as their own editors published them: each with the record of where it came from, its text whole, its marks as its source makes them.'"/>
        </xsl:if>
        <xsl:text> The cables are printed in the order in which they were sent. Each opens with a table of its facts (number, classification, precedence, sender and recipient, repository and file) and the archive’s own record of it (citation, summary, contents), and ends with the archive’s rights statement, after the related documents where the archive lists them.</xsl:text>
      </p>
      <p>
        <xsl:text>The text of each cable is the archive’s transcription, kept line for line and in its order: nothing is corrected, abridged or rearranged, and every word of the transcription is printed. The edition adds structure, not words: turns of speech, their speakers, the pages of the original scan, and the links between the original and its translation. Its files are TEI P5; this book, like the web edition, is typeset from them, so that the printed page and the encoded text cannot differ.</xsl:text>
      </p>
      <p>
        <xsl:text>Speakers are identified from the cables’ own labels, such as “(Prime Minister)” or “（総理）”, by the register of persons: a label names whoever held that office on the date of the cable. The index of persons at the end of the book gives, for each person, the pages on which they speak or are named.</xsl:text>
      </p>
      <xsl:for-each select="$facts//tei:publicationStmt//tei:licence">
        <p>
          <xsl:text>The edition’s encoding, notes and register are published under the licence: </xsl:text>
          <xsl:value-of select="normalize-space(.)"/>
          <xsl:text> The cables themselves are reproduced under the archive’s rights statement, printed with each cable.</xsl:text>
        </p>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- "three declassified cables" -->
  <xsl:function name="tc:count-words" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:param name="one" as="xs:string"/>
    <xsl:param name="many" as="xs:string"/>
    <xsl:variable name="words" select="('no', 'one', 'two', 'three', 'four', 'five', 'six',
                                        'seven', 'eight', 'nine', 'ten')"/>
    <xsl:sequence select="(if ($n le 10) then $words[$n + 1] else string($n)) || ' '
                          || (if ($n = 1) then $one else $many)"/>
  </xsl:function>

  <!-- "September 1993 to February 1994", "12 February 1994" -->
  <xsl:function name="tc:date-range" as="xs:string">
    <xsl:param name="from" as="xs:string"/>
    <xsl:param name="to" as="xs:string"/>
    <xsl:sequence select="
        if ($from = $to and $from castable as xs:date)
        then format-date(xs:date($from), '[D] [MNn] [Y]')
        else if ($from castable as xs:date and $to castable as xs:date)
        then (if (substring($from, 1, 7) = substring($to, 1, 7))
              then format-date(xs:date($to), '[MNn] [Y]')
              else format-date(xs:date($from), '[MNn] [Y]') || ' to '
                   || format-date(xs:date($to), '[MNn] [Y]'))
        else $from || ' to ' || $to"/>
  </xsl:function>

  <!-- How the conventions look: each is shown by rendering a small piece of TEI with the very
       rules that render the documents, so the explanation cannot drift from the pages. -->
  <xsl:variable name="examples" as="element()*">
    <tei:gap reason="redacted" resp="#translator"><tei:desc>name blacked out</tei:desc></tei:gap>
    <tei:supplied reason="translator">Hata</tei:supplied>
    <tei:choice><tei:abbr>APEC</tei:abbr><tei:expan>Asia-Pacific Economic Cooperation</tei:expan></tei:choice>
    <tei:pb n="2"/>
    <tei:pb ed="translation"/>
    <tei:fw type="stamp">秘密指定解除</tei:fw>
    <tei:stage type="reaction">(laughter)</tei:stage>
  </xsl:variable>

  <xsl:template name="principles">
    <section class="front-matter" id="principles">
      <h1 data-running="Editorial principles">Editorial principles</h1>
      <p>The transcriptions follow the archive’s scans and translations. What the translator added to the text in square brackets is not printed as plain text but marked, so that the reader can always tell the cable’s words from the translator’s:</p>
      <dl class="conventions">
        <dt><span class="example"><xsl:apply-templates select="$examples[1]"/></span></dt>
        <dd>A redaction: words blacked out in the declassified original. The bar stands where the words stood and carries the translator’s description of what was removed (“name blacked out”, “time blacked out”).</dd>
        <dt><span class="example" lang="en">Foreign Minister <xsl:apply-templates select="$examples[2]"/></span></dt>
        <dd>Words added by the translator to make the English clear, such as a name the cable leaves implicit, in square brackets and in brown.</dd>
        <dt><span class="example" lang="en"><xsl:apply-templates select="$examples[3]"/></span></dt>
        <dd>An abbreviation of the cable with the translator’s expansion, in square brackets after it.</dd>
        <dt><span class="example"><span class="tei-note type-translator footnote-example"><sup>1</sup></span></span></dt>
        <dd>A note of the translator or of the editors: its number stands in the text, its words at the foot of the page, introduced as “Translator’s note” or “Editors’ note”. The cable’s own notes, such as “(note: …)”, are its words and stay in the line.</dd>
        <dt><span class="example"><xsl:apply-templates select="$examples[4]"/></span></dt>
        <dd>The beginning of a page of the original scan (here its second page). The stamps and notices repeated on every page of the scan, such as <span lang="ja" class="example-inline"><xsl:apply-templates select="$examples[6]"/></span> (“declassified”), are printed in small framed boxes where the page begins.</dd>
        <dt><span class="example"><xsl:apply-templates select="$examples[5]"/></span></dt>
        <dd>A page break of the translation’s typescript that falls in the middle of a sentence.</dd>
        <dt><span class="example" lang="en"><xsl:apply-templates select="$examples[7]"/></span></dt>
        <dd>A reaction in the room, as the cable records it, in italics.</dd>
        <dt><span class="example"><span class="turn-number">3</span></span></dt>
        <dd>The number of a turn of speech. The original and the translation are numbered alike, turn by turn, so that each turn of the translation can be found in the original; in the electronic book, the number links to the corresponding turn.</dd>
      </dl>
      <p>The speaker’s label, such as “(Prime Minister)” or “（総理）”, is printed in bold as the cable writes it; the index of persons names who it refers to. The cable’s own parentheses, headings, classification and precedence words, forwarding lines and the closing “(End)” / “（了）” are printed as they stand. Dates are printed as written; the edition’s files also hold them in ISO 8601, Japanese era years converted.</p>
    </section>
  </xsl:template>

  <xsl:template name="contents">
    <nav class="contents" id="contents">
      <h1 data-running="Contents">Contents</h1>
      <ol class="toc">
        <!-- each entry's page number in a box of its own (book.css: .toc-page) -->
        <li class="toc-front">
          <a href="#introduction">Introduction<span class="toc-page" data-target="#introduction"/></a>
        </li>
        <li class="toc-front">
          <a href="#principles">Editorial principles<span class="toc-page" data-target="#principles"/></a>
        </li>
        <xsl:for-each select="$docs">
          <li class="toc-document">
            <a href="#{@xml:id}">
              <span class="toc-date">
                <xsl:value-of select="tc:doc-date(.) ! (if (. castable as xs:date)
                    then format-date(xs:date(.), '[D] [MNn,*-3] [Y]') else .)"/>
                <xsl:for-each select="tei:teiHeader//tei:titleStmt/tei:title[@type = 'original']">
                  <xsl:text> · </xsl:text>
                  <span lang="{(@xml:lang, 'ja')[1]}"><xsl:value-of select="."/></span>
                </xsl:for-each>
              </span>
              <xsl:text> </xsl:text>
              <span class="toc-title"><xsl:value-of select="tc:short-title(.)"/></span>
              <span class="toc-page" data-target="#{@xml:id}"/>
            </a>
            <ol>
              <xsl:for-each select="tei:text/tei:body/tei:div[@type = ('original', 'translation')]">
                <li class="toc-part">
                  <a href="#{tc:id(.)}">
                    <xsl:value-of select="tc:part-name(.)"/>
                    <span class="toc-page" data-target="#{tc:id(.)}"/>
                  </a>
                </li>
              </xsl:for-each>
            </ol>
          </li>
        </xsl:for-each>
        <li class="toc-front">
          <a href="#persons-index">Index of persons<span class="toc-page" data-target="#persons-index"/></a>
        </li>
      </ol>
    </nav>
  </xsl:template>

  <xsl:function name="tc:part-name" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:sequence select="if ($div/@type = 'original') then 'Original (Japanese)'
                          else 'Translation (English)'"/>
  </xsl:function>

  <!-- ============================================================= a document -->

  <xsl:template match="tei:TEI" mode="document">
    <xsl:variable name="tei" select="."/>
    <article class="{string-join(('document', if (count(tei:text/tei:body/tei:div[@type = ('original', 'translation')]) gt 1) then 'bilingual' else ()), ' ')}"
             id="{@xml:id}" lang="{(@xml:lang, 'en')[1]}">
      <header class="document-header">
        <xsl:if test="not($book)">
          <p class="series"><xsl:value-of select="$edition-title"/></p>
        </xsl:if>
        <h1 class="document-title" data-running="{tc:short-title(.)}"
            data-bookmark="{tc:short-title(.)}">
          <xsl:value-of select="tc:doc-title(.)"/>
        </h1>
        <xsl:for-each select="tei:teiHeader//tei:titleStmt/tei:title[@type = 'original']">
          <p class="document-title-original" lang="{(@xml:lang, 'ja')[1]}">
            <xsl:value-of select="."/>
          </p>
        </xsl:for-each>
        <xsl:call-template name="tc:metadata">
          <xsl:with-param name="tei" select="."/>
        </xsl:call-template>
        <xsl:call-template name="tc:provenance">
          <xsl:with-param name="tei" select="."/>
        </xsl:call-template>
        <xsl:call-template name="speakers"/>
        <xsl:if test="not($book)">
          <xsl:call-template name="document-imprint"/>
        </xsl:if>
      </header>
      <xsl:for-each select="tei:text">
        <div class="tei-text">
          <xsl:call-template name="tc:attributes"/>
          <xsl:choose>
            <!-- a document of another archive: its front (a title page …), body and back in
                 their order, as its editors made them -->
            <xsl:when test="tc:is-imported($tei)">
              <xsl:apply-templates select="*"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:for-each select="tei:front">
                <aside class="archive-record">
                  <h2 class="record-heading">The archive’s record</h2>
                  <xsl:apply-templates select="."/>
                </aside>
              </xsl:for-each>
              <xsl:apply-templates select="tei:body"/>
              <xsl:for-each select="tei:back">
                <aside class="archive-back">
                  <xsl:apply-templates select="."/>
                </aside>
              </xsl:for-each>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:call-template name="rights">
            <xsl:with-param name="tei" select="$tei"/>
          </xsl:call-template>
        </div>
      </xsl:for-each>
    </article>
  </xsl:template>

  <!-- The archive's rights statement (from the header), under which the cable is reproduced:
       printed unless the text already has it word for word (the web page's transcription
       ends with it). -->
  <xsl:template name="rights">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="printed" select="$tei/tei:text//tei:p ! normalize-space(.)"/>
    <xsl:variable name="rights" select="$tei/tei:teiHeader//tei:msDesc//tei:adminInfo
                                        /tei:availability/tei:p[not(normalize-space(.) = $printed)]"/>
    <xsl:if test="$rights">
      <aside class="archive-back archive-rights">
        <h3>The archive’s rights statement</h3>
        <xsl:for-each select="$rights">
          <p><xsl:apply-templates/></p>
        </xsl:for-each>
      </aside>
    </xsl:if>
  </xsl:template>

  <!-- A document's own PDF says which edition it comes from, so that it can be cited alone. -->
  <xsl:template name="document-imprint">
    <p class="document-imprint">
      <xsl:text>From </xsl:text>
      <cite><xsl:value-of select="$edition-title"/></cite>
      <xsl:for-each select="$facts//tei:titleStmt/tei:editor">
        <xsl:text>, edited by </xsl:text>
        <xsl:value-of select="normalize-space(.)"/>
      </xsl:for-each>
      <xsl:for-each select="$facts//tei:publicationStmt/tei:date">
        <xsl:text> (</xsl:text>
        <xsl:value-of select="normalize-space(.)"/>
        <xsl:text>)</xsl:text>
      </xsl:for-each>
      <xsl:text>. </xsl:text>
      <xsl:for-each select="$facts//tei:publicationStmt//tei:licence">
        <xsl:value-of select="normalize-space(.)"/>
        <xsl:text> </xsl:text>
      </xsl:for-each>
      <xsl:value-of select="if (tc:is-imported(.))
          then 'The document is printed as its source published it (see where it came from, above); its words and marks are its editors’ own.'
          else 'The conventions (redactions, the translator’s additions, notes, pages of the scan) are those of the edition’s editorial principles.'"/>
    </p>
  </xsl:template>

  <!-- Who speaks in the document, in order of first turn, linked to the index: the register's
       persons, or for a document of another archive (a play) its own (its particDesc). -->
  <xsl:template name="speakers">
    <xsl:variable name="tei" select="."/>
    <xsl:variable name="ids" select="distinct-values(tei:text//tei:sp/@who ! tc:ids(.))"/>
    <xsl:if test="exists($ids)">
      <div class="speakers">
        <span class="label">Speakers: </span>
        <xsl:for-each select="$ids">
          <xsl:variable name="person" select="if (tc:is-imported($tei))
              then ($tei//(tei:person | tei:personGrp)[@xml:id = current()])[1]
              else ($register[@xml:id = current()])[1]"/>
          <xsl:variable name="href" select="tc:entity-href('#' || ., $tei)"/>
          <xsl:if test="position() > 1">; </xsl:if>
          <xsl:element name="{if ($href) then 'a' else 'span'}">
            <xsl:if test="$href">
              <xsl:attribute name="href" select="$href"/>
            </xsl:if>
            <xsl:attribute name="class" select="'speaker-name'"/>
            <xsl:value-of select="if ($person) then tc:display-name($person) else ."/>
          </xsl:element>
        </xsl:for-each>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- "Morihiro Hosokawa (細川護熙)" -->
  <xsl:function name="tc:display-name" as="xs:string">
    <xsl:param name="person" as="element()"/>
    <xsl:variable name="en" select="($person/tei:persName[@xml:lang = 'en'], $person/tei:persName,
                                      $person/tei:name)[1]"/>
    <xsl:variable name="ja" select="$person/tei:persName[@xml:lang = 'ja']"/>
    <!-- forename, surname, suffix: "William J. Clinton", not the nickname the name also holds -->
    <xsl:variable name="western" select="if ($en/tei:surname)
        then string-join(($en/tei:forename, $en/tei:surname, $en/tei:genName)
                         ! normalize-space(string-join(.//text())), ' ')
        else normalize-space(string-join($en//text()))"/>
    <xsl:sequence select="$western
                          || (if ($ja) then ' (' || normalize-space(string-join($ja//text())) || ')' else '')"/>
  </xsl:function>

  <!-- The original and the translation: a heading each (bookmarked), pointing to the other. -->
  <xsl:template match="tei:body/tei:div[@type = ('original', 'translation')]">
    <xsl:variable name="other" select="../tei:div[@type = ('original', 'translation')] except ."/>
    <section>
      <xsl:call-template name="tc:attributes"/>
      <xsl:attribute name="id" select="tc:id(.)"/>
      <h2 class="part-heading" data-bookmark="{tc:part-name(.)}">
        <xsl:value-of select="tc:part-name(.)"/>
        <xsl:for-each select="$other[1]">
          <span class="see-other">
            <xsl:text> · </xsl:text>
            <a href="#{tc:id(.)}" class="page-ref-text">
              <xsl:value-of select="if (@type = 'original') then 'original' else 'translation'"/>
            </a>
          </span>
        </xsl:for-each>
      </h2>
      <xsl:if test="@type = 'translation' and not($other)">
        <p class="editorial-remark">The archive provides no transcription of the Japanese original of this cable; the translation is printed alone.</p>
      </xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- A turn: an anchor for the index, its number in the margin, linked to the other language. -->
  <xsl:template match="tei:sp">
    <xsl:variable name="div" select="ancestor::tei:div[@type = ('original', 'translation')][1]"/>
    <xsl:variable name="number" select="count(preceding-sibling::tei:sp) + 1"/>
    <xsl:variable name="counterpart" select="
        if (@corresp) then substring(normalize-space(@corresp), 2)
        else (ancestor::tei:text//tei:sp[@corresp = '#' || current()/@xml:id]/@xml:id)[1]"/>
    <div>
      <xsl:call-template name="tc:attributes"/>
      <xsl:attribute name="id" select="tc:anchor(.)"/>
      <xsl:if test="@who">
        <xsl:attribute name="data-who" select="@who"/>
      </xsl:if>
      <xsl:if test="$div">
        <xsl:choose>
          <xsl:when test="$counterpart">
            <a class="turn-number" href="#{$counterpart}"><xsl:value-of select="$number"/></a>
          </xsl:when>
          <xsl:otherwise>
            <span class="turn-number"><xsl:value-of select="$number"/></span>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <!-- a turn holds elements only: its indentation would print as a space before the
           speaker's label -->
      <xsl:apply-templates select="node() except text()[not(normalize-space())]"/>
    </div>
  </xsl:template>

  <!-- A person named in the text: an anchor for the index around the common rendering. -->
  <xsl:template match="tei:text//tei:persName[@ref] | tei:text//tei:name[@ref] | tei:text//tei:rs[@ref]">
    <span class="mention" id="{tc:anchor(.)}">
      <xsl:next-match/>
    </span>
  </xsl:template>

  <!-- A numbered note: its words float to the foot of the page (CSS float: footnote). The
       call and the footnote show the note's own mark, as the web edition does (the source's
       @n, else its number in its document), not a counter of the book. -->
  <xsl:template match="tei:note[tc:is-numbered(.)]">
    <span id="note-{tc:id(.)}" data-mark="{tc:note-mark(.)}">
      <xsl:call-template name="tc:attributes">
        <xsl:with-param name="class" select="'footnote'"/>
      </xsl:call-template>
      <xsl:call-template name="tc:note-label"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- Redactions: in print, the bar and its words only (no hidden screen-reader brackets,
       which a PDF would otherwise copy out of place). -->
  <xsl:template match="tei:gap">
    <xsl:variable name="desc" select="normalize-space(string-join(tei:desc//text()))"/>
    <span role="note">
      <xsl:call-template name="tc:attributes"/>
      <xsl:attribute name="title" select="
          (if (@reason = 'redacted') then 'Redacted in the original' else 'Omitted')
          || (if ($desc) then ': ' || $desc else '')"/>
      <span class="gap-desc">
        <xsl:value-of select="if ($desc) then $desc
                              else if (@reason = 'redacted') then 'redacted' else '…'"/>
      </span>
    </span>
  </xsl:template>

  <!-- ======================================================== index of persons -->

  <xsl:template name="persons-index">
    <xsl:variable name="places" select="$own-docs/tei:text//(tei:sp[@who] | tei:persName[@ref]
                                        | tei:name[@ref] | tei:rs[@ref])"/>
    <xsl:variable name="ids" select="distinct-values($places ! tc:ids((@who, @ref)[1]))"/>
    <xsl:variable name="persons" select="$register[@xml:id = $ids]"/>
    <!-- the persons documents of other archives describe, and what names them (its text,
         its correspondence's sender and recipient) -->
    <xsl:variable name="foreign" as="map(*)*">
      <xsl:for-each select="$docs except $own-docs">
        <xsl:variable name="tei" select="."/>
        <xsl:variable name="naming" select="(tei:text//(tei:sp[@who] | tei:persName[@ref]
            | tei:name[@ref] | tei:rs[@ref]), tei:teiHeader//tei:correspAction/(tei:persName
            | tei:name)[@ref])"/>
        <xsl:variable name="named" select="$tei//(tei:person | tei:personGrp)
            [@xml:id = $naming ! tc:ids((@who, @ref)[1])]"/>
        <xsl:if test="$named">
          <xsl:sequence select="map{'tei': $tei, 'persons': $named,
                                    'places': $naming[ancestor::tei:text]}"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="exists($persons) or exists($foreign)">
      <section class="persons-index" id="persons-index">
        <h1 data-running="Index of persons">
          <xsl:value-of select="if ($book) then 'Index of persons' else 'Persons in this document'"/>
        </h1>
        <!-- the body's layout only needs to know where the index begins -->
        <xsl:if test="$part != 'body'">
        <p class="index-intro">Pages on which a person speaks (a turn begins) or is named; names as in the edition’s register, offices with their dates<xsl:if test="exists($foreign)">; the persons of documents from other archives as those documents describe them</xsl:if>.</p>
        <ul class="index">
          <xsl:if test="empty($persons)">
            <xsl:attribute name="hidden" select="'hidden'"/>
          </xsl:if>
          <xsl:for-each-group select="$persons" group-by="@xml:id">
            <xsl:sort select="tc:sort-name(.)"/>
            <xsl:variable name="id" select="current-grouping-key()"/>
            <li id="{$id}">
              <span class="index-name"><xsl:value-of select="tc:sort-name(.)"/></span>
              <xsl:for-each select="tei:persName[@xml:lang = 'ja']">
                <xsl:text> </xsl:text>
                <span class="index-name-ja" lang="ja"><xsl:value-of select="normalize-space(string-join(.//text()))"/></span>
              </xsl:for-each>
              <span class="index-pages">
                <xsl:call-template name="page-refs">
                  <xsl:with-param name="anchors" select="$places[$id = tc:ids((@who, @ref)[1])] ! tc:anchor(.)"/>
                </xsl:call-template>
              </span>
              <xsl:if test="tei:affiliation | tei:occupation">
                <span class="index-office">
                  <xsl:for-each select="tei:affiliation | tei:occupation">
                    <xsl:if test="position() > 1">; </xsl:if>
                    <xsl:value-of select="normalize-space(.)"/>
                    <xsl:if test="@from or @to">
                      <xsl:text> </xsl:text>
                      <xsl:value-of select="string-join(distinct-values((@from, @to) ! tc:year(.)), '–')"/>
                    </xsl:if>
                  </xsl:for-each>
                </span>
              </xsl:if>
            </li>
          </xsl:for-each-group>
        </ul>
        <xsl:for-each select="$foreign">
          <xsl:variable name="tei" select="?tei"/>
          <xsl:variable name="naming" select="?places"/>
          <h2 class="index-source">
            <xsl:value-of select="'Persons of “' || tc:short-title($tei) || '”, as that document describes them'"/>
          </h2>
          <ul class="index">
            <xsl:for-each select="?persons">
              <xsl:sort select="lower-case(tc:sort-name(.))"/>
              <xsl:variable name="id" select="string(@xml:id)"/>
              <li id="{$tei/@xml:id}.{$id}">
                <span class="index-name"><xsl:value-of select="tc:sort-name(.)"/></span>
                <span class="index-pages">
                  <xsl:call-template name="page-refs">
                    <xsl:with-param name="anchors" select="$naming[$id = tc:ids((@who, @ref)[1])] ! tc:anchor(.)"/>
                  </xsl:call-template>
                </span>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:for-each>
        </xsl:if>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:function name="tc:year" as="xs:string">
    <xsl:param name="date" as="xs:string"/>
    <xsl:sequence select="substring($date, 1, 4)"/>
  </xsl:function>

  <!-- Page references to anchors: with the body's pages, one link per run of consecutive
       pages ("12–14"), to the first anchor on each end page, the numbers those of the body's
       layout (the index is laid out after it, apart); without, one per anchor, its number
       written by the engine (target-counter). -->
  <xsl:template name="page-refs">
    <xsl:param name="anchors" as="xs:string*"/>
    <xsl:choose>
      <xsl:when test="map:size($pages) = 0">
        <xsl:for-each select="$anchors">
          <xsl:text> </xsl:text>
          <a class="page-ref" href="#{.}"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <!-- first anchor on each page, pages ascending -->
        <xsl:variable name="firsts" as="xs:string*">
          <xsl:for-each-group select="$anchors[map:contains($pages, .)]" group-by="$pages(.)">
            <xsl:sort select="current-grouping-key()"/>
            <xsl:sequence select="current-group()[1]"/>
          </xsl:for-each-group>
        </xsl:variable>
        <xsl:for-each-group select="$firsts"
            group-adjacent="$pages(.) - index-of($firsts, .)[1]">
          <xsl:if test="position() > 1">,</xsl:if>
          <xsl:text> </xsl:text>
          <span class="page-range">
            <a class="page-ref known" href="#{current-group()[1]}">
              <xsl:value-of select="$pages(current-group()[1])"/>
            </a>
            <xsl:if test="count(current-group()) > 1">
              <xsl:text>–</xsl:text>
              <a class="page-ref known" href="#{current-group()[last()]}">
                <xsl:value-of select="$pages(current-group()[last()])"/>
              </a>
            </xsl:if>
          </span>
        </xsl:for-each-group>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
