<?xml version="1.0" encoding="UTF-8"?>
<!--
  The page of one document of the HTML edition (documents/<id>.html).

  The elements are drawn by ../common.xsl (shared with the print edition); this stylesheet
  adds the page: title, metadata panel, a key to the editorial marks, the text with the
  original and the translation side by side (one row per aligned unit), the archive's
  record, notes, "cite this" and the link to the TEI file.

  Alignment: the translation div points to the original div (@corresp), and each of its
  units (head, sp, stage, closer, trailer …) to the unit it translates. The units of the
  original that a translation unit points to are the anchors; row 2k holds anchor k and its
  translation, row 2k+1 whatever stands, on either side, between anchor k and anchor k+1.
  So turn k sits beside turn k, and a unit without a counterpart gets a row of its own.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tc="urn:tei-cables:functions"
    xmlns:site="urn:tei-cables:site"
    exclude-result-prefixes="#all">

  <xsl:import href="../common.xsl"/>
  <xsl:include href="layout.xsl"/>

  <!-- pages live in documents/: other documents are siblings, the indexes one level up -->
  <xsl:param name="doc-suffix" as="xs:string" select="'.html'"/>
  <xsl:param name="persons-href" as="xs:string" select="'../persons.html'"/>
  <xsl:param name="places-href" as="xs:string?" select="'../places.html'"/>
  <xsl:param name="organisations-href" as="xs:string?" select="'../organisations.html'"/>
  <!-- the document's id (its file name without .xml), set by tei/publish/html.py -->
  <xsl:param name="doc-id" as="xs:string" select="string(/tei:TEI/@xml:id)"/>

  <xsl:template match="/">
    <xsl:apply-templates select="(tei:TEI, //tei:TEI)[1]" mode="site:page"/>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="site:page">
    <xsl:variable name="title" select="site:title(.)"/>
    <xsl:call-template name="site:page">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="canonical" select="'documents/' || $doc-id || '.html'"/>
      <!-- the article is drawn in its place in the page (mode site:content), not built
           first as a parameter and copied there: that copy took some 7 % of the page's time -->
      <xsl:with-param name="content-of" select="."/>
      <xsl:with-param name="doc-title" select="$title" tunnel="yes"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="site:content">
    <xsl:param name="doc-title" as="xs:string" tunnel="yes"/>
    <article class="document" data-pagefind-body="">
      <xsl:call-template name="site:doc-header">
        <xsl:with-param name="title" select="$doc-title"/>
      </xsl:call-template>
      <xsl:call-template name="site:search-filters"/>
      <xsl:call-template name="site:doc-meta"/>
      <xsl:for-each select="tei:teiHeader/tei:profileDesc/tei:abstract">
        <section class="doc-summary" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Summary</h2>
          <xsl:apply-templates/>
        </section>
      </xsl:for-each>
      <xsl:call-template name="site:legend"/>
      <section class="doc-text" aria-labelledby="text-heading">
        <h2 id="text-heading">Text</h2>
        <xsl:apply-templates select="tei:text" mode="site:text"/>
      </section>
      <xsl:if test="tei:text//tei:note[tc:is-numbered(.)]">
        <section class="doc-notes" aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes</h2>
          <xsl:call-template name="tc:notes">
            <xsl:with-param name="scope" select="tei:text"/>
          </xsl:call-template>
        </section>
      </xsl:if>
      <xsl:if test="tei:facsimile//tei:graphic">
        <!-- the images of the facsimile: links, unless edition.toml allows their host -->
        <section class="doc-facsimile" aria-labelledby="facsimile-heading">
          <h2 id="facsimile-heading">Facsimile</h2>
          <ul>
            <xsl:for-each select="tei:facsimile//tei:graphic">
              <li><xsl:apply-templates select="."/></li>
            </xsl:for-each>
          </ul>
        </section>
      </xsl:if>
      <xsl:call-template name="site:cite">
        <xsl:with-param name="title" select="$doc-title"/>
      </xsl:call-template>
    </article>
  </xsl:template>

  <!-- ======================================================================= header -->

  <xsl:template name="site:doc-header">
    <xsl:param name="title" as="xs:string"/>
    <xsl:variable name="h" select="tei:teiHeader"/>
    <header class="doc-header">
      <p class="doc-kind">
        <xsl:value-of select="upper-case(substring(site:genre(.), 1, 1))
                              || substring(site:genre(.), 2)"/>
        <xsl:for-each select="($h//tei:msIdentifier/tei:altIdentifier[@type = 'cable']
                               /tei:idno)[1]">
          <xsl:value-of select="' No. ' || normalize-space(.)"/>
        </xsl:for-each>
        <xsl:text> · </xsl:text>
        <time datetime="{site:date(.)}"><xsl:value-of select="site:date-label(.)"/></time>
      </p>
      <h1 data-pagefind-meta="title"><xsl:value-of select="$title"/></h1>
      <xsl:for-each select="$h/tei:fileDesc/tei:titleStmt/tei:title[@type = 'original']">
        <p class="original-title">
          <xsl:call-template name="tc:attributes"/>
          <xsl:apply-templates/>
        </p>
      </xsl:for-each>
      <xsl:if test="site:parties(.)">
        <p class="doc-parties"><xsl:value-of select="site:parties(.)"/></p>
      </xsl:if>
    </header>
  </xsl:template>

  <!-- Facets for the search page (Pagefind shows them as filters): year, type, speakers.
       Empty elements: they add nothing to the text that is searched. Pagefind reads
       "name:value"; a value keeps no ':' or ',' (which that syntax would split on). -->
  <xsl:template name="site:search-filters">
    <xsl:variable name="year" select="substring(site:date(.), 1, 4)[matches(., '^\d{4}$')]"/>
    <xsl:variable name="tei" select="."/>
    <xsl:variable name="speakers" select="distinct-values(
        for $who in .//tei:text//tei:sp/@who,
            $id in tokenize(normalize-space($who), '\s+')[starts-with(., '#')],
            $person in key('tc:id', substring($id, 2))[self::tei:person][1]
        return site:person-name($person, 'en')[.])"/>
    <xsl:for-each select="(['year', $year])[exists($year)], ['type', site:genre($tei)],
                          $speakers ! ['speaker', .]">
      <span hidden="" data-pagefind-filter="{?1}:{translate(?2, ':,', '  ')}"></span>
    </xsl:for-each>
  </xsl:template>

  <!-- the metadata panel: the header's facts (common.xsl), links, the TEI file -->
  <xsl:template name="site:doc-meta">
    <xsl:variable name="context" select="tei:teiHeader//tei:correspContext/tei:ref"/>
    <section class="doc-meta" aria-labelledby="meta-heading">
      <h2 id="meta-heading">About this document</h2>
      <xsl:call-template name="tc:metadata">
        <xsl:with-param name="tei" select="."/>
      </xsl:call-template>
      <xsl:call-template name="tc:provenance">
        <xsl:with-param name="tei" select="."/>
      </xsl:call-template>
      <xsl:if test="$context">
        <!-- (the titles of other documents: searched on their own pages, not here) -->
        <h3 data-pagefind-ignore="">Linked documents</h3>
        <ul class="doc-links" data-pagefind-ignore="all">
          <xsl:for-each select="$context">
            <li>
              <span class="link-type">
                <xsl:value-of select="
                    if (@type = 'prev') then 'Previous part: '
                    else if (@type = 'next') then 'Next part: '
                    else if (@type = 'main') then 'Main telegram: '
                    else if (@type = 'separate') then 'Separate telegram: '
                    else if (@subtype or @type) then site:words((@subtype, @type)[1]) || ': '
                    else 'Related: '"/>
              </span>
              <xsl:apply-templates select="."/>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <p class="doc-download" data-pagefind-ignore="">
        <a href="{$root}tei/{$doc-id}.xml" download="{$doc-id}.xml" type="application/tei+xml">
          <xsl:text>Download the TEI file (</xsl:text>
          <xsl:value-of select="$doc-id"/>
          <xsl:text>.xml)</xsl:text>
        </a>
      </p>
    </section>
  </xsl:template>

  <!-- ================================================== a key to the editorial marks -->

  <!-- Only the marks the document uses, each explained in general words drawn from how the
       document uses it (who supplied the words, why text is missing, what its pages are) and
       shown by an example taken from the document itself, drawn by common.xsl's rule; so the
       marks are explained without a mouse (their titles say it again on hover). The edition's
       own cables speak of "the original (the scanned cable)", a document imported from
       another archive of "the source". -->
  <xsl:template name="site:legend">
    <xsl:variable name="t" select="tei:text"/>
    <xsl:variable name="imported" select="tc:is-imported(.)"/>
    <xsl:variable name="original" select="
        if ($imported) then 'the source'
        else if (site:genre(.) = 'cable') then 'the original (the scanned cable)'
        else 'the original'"/>
    <xsl:variable name="translator" select="tei:teiHeader//tei:titleStmt
        /tei:respStmt[tei:resp/@key = 'trl']/tei:persName/@ref ! tokenize(., '\s+')"/>
    <xsl:variable name="items" as="element()*">
      <xsl:variable name="gaps" select="$t//tei:gap"/>
      <xsl:if test="$gaps">
        <xsl:variable name="described" select="$gaps[normalize-space(tei:desc)]"/>
        <xsl:variable name="reasons" select="distinct-values($gaps/@reason ! normalize-space(.))"/>
        <xsl:call-template name="site:legend-item">
          <xsl:with-param name="example" select="($described, $gaps)[1]"/>
          <xsl:with-param name="text" select="
              (if ($reasons = 'redacted' and count($reasons) = 1 and not($gaps[not(@reason)]))
               then 'Text redacted (blacked out) in '
                    || (if ($imported) then 'the source' else 'the archive''s copy')
               else 'Text the transcription does not give'
                    || (if (exists($reasons)) then ' (' || string-join($reasons, ', ') || ')'
                        else ''))
              || (if (empty($described)) then ''
                  else if (every $g in $described satisfies site:by($g, $translator))
                  then '; the words in the bar are the translator''s description of what was removed'
                  else '; the words in the bar describe what is missing')
              || '.'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:variable name="supplied" select="$t//tei:supplied"/>
      <xsl:if test="$supplied">
        <xsl:call-template name="site:legend-item">
          <xsl:with-param name="example" select="$supplied[1]"/>
          <xsl:with-param name="text" select="
              if (every $s in $supplied satisfies site:by($s, $translator))
              then 'Words added by the translator, which the original does not say.'
              else 'Words supplied by ' || (if ($imported) then 'the source''s editors'
                                            else 'the editors')
                   || ', which ' || $original || ' does not have.'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:variable name="expansions" select="$t//tei:choice[tei:abbr and tei:expan]"/>
      <xsl:if test="$expansions">
        <xsl:call-template name="site:legend-item">
          <xsl:with-param name="example" select="$expansions[1]"/>
          <xsl:with-param name="text" select="
              'An abbreviation, with '
              || (if (every $e in $expansions/tei:expan satisfies site:by($e, $translator))
                  then 'the translator''s expansion' else 'its expansion') || ' in brackets.'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:variable name="readings" select="$t//tei:choice[not(tei:abbr and tei:expan)]"/>
      <xsl:if test="$readings">
        <xsl:call-template name="site:legend-item">
          <xsl:with-param name="example" select="$readings[1]"/>
          <xsl:with-param name="text" select="
              'A reading the editors ' || string-join(distinct-values((
                  'corrected'[$readings/tei:corr], 'regularised'[$readings/tei:reg],
                  'chose'[$readings[not(tei:corr or tei:reg)]])), ' or ')
              || ', followed in brackets by the other reading (sic: the source''s own words).'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:variable name="notes" select="$t//tei:note[tc:is-numbered(.)]"/>
      <xsl:if test="$notes">
        <xsl:variable name="whose" select="('the translator'[$notes/@type = 'translator'],
                                            'the editors'[$notes/@type = 'editorial'])"/>
        <div>
          <dt><sup><xsl:value-of select="tc:note-mark($notes[1])"/></sup></dt>
          <dd>
            <xsl:value-of select="'A note'
                || (if (exists($whose)) then ' of ' || string-join($whose, ' or ')
                    else if ($imported) then ' of the source''s editors' else '')
                || ', listed under Notes.'"/>
          </dd>
        </div>
      </xsl:if>
      <xsl:variable name="pages" select="$t//tei:pb[not(@ed = 'translation')]"/>
      <xsl:if test="$pages">
        <xsl:variable name="shown" select="$pages[normalize-space(@n) or normalize-space(@facs)]"/>
        <xsl:call-template name="site:legend-item">
          <xsl:with-param name="example" select="$shown[1]"/>
          <xsl:with-param name="text" select="
              'A new page of ' || $original || ' begins here'
              || (if ($pages[not(normalize-space(@n))][normalize-space(@facs)])
                  then ' (where it has no number, the page image it stands for: facs.)' else '')
              || (if ($pages[not(normalize-space(@n) or normalize-space(@facs))])
                  then (if ($shown) then '; a page with neither number nor image is'
                        else '; it is') || ' marked by a rule only' else '')
              || '.'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="$t//tei:pb[@ed = 'translation']">
        <div>
          <dt><span class="tei-pb">‖</span></dt>
          <dd>A page break of the translation's typescript.</dd>
        </div>
      </xsl:if>
      <xsl:variable name="forme" select="$t//tei:fw"/>
      <xsl:if test="$forme">
        <xsl:variable name="kinds" select="distinct-values(
            for $f in $forme return site:fw-kind(normalize-space($f/@type)))"/>
        <xsl:call-template name="site:legend-item">
          <xsl:with-param name="example" select="site:shortest($forme)"/>
          <xsl:with-param name="text" select="
              (if (matches($kinds[1], '^[aeiou]')) then 'An ' else 'A ')
              || string-join($kinds, ' or ')
              || (if ($imported) then ' on a page of the source'
                  else ' repeated on the pages of the original') || '.'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:variable name="stages" select="$t//tei:stage[not(@type = 'narration')]"/>
      <xsl:if test="$stages">
        <xsl:call-template name="site:legend-item">
          <xsl:with-param name="example" select="site:shortest($stages)"/>
          <xsl:with-param name="text" select="
              (if (every $s in $stages satisfies $s/@type = 'reaction')
               then 'A reaction in the room, as the text records it' else 'A stage direction')
              || ', in italics.'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="$t//tei:del">
        <xsl:call-template name="site:legend-item">
          <xsl:with-param name="example" select="site:shortest($t//tei:del)"/>
          <xsl:with-param name="text" select="'Words struck out in ' || $original || '.'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="$t//tei:add">
        <xsl:call-template name="site:legend-item">
          <xsl:with-param name="example" select="site:shortest($t//tei:add)"/>
          <xsl:with-param name="text" select="'Words added in ' || $original
                                              || ' itself (between the lines, in the margin …).'"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:variable>
    <xsl:if test="$items">
      <section class="legend" aria-labelledby="legend-heading" data-pagefind-ignore="all">
        <h2 id="legend-heading">Marks used in the text</h2>
        <dl>
          <xsl:sequence select="$items"/>
        </dl>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- One entry of the key: the document's own example, drawn by the rule that draws it in
       the text (ids left out: the text has them), and what it means. -->
  <xsl:template name="site:legend-item">
    <xsl:param name="example" as="element()?"/>
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="drawn" as="node()*">
      <xsl:apply-templates select="$example"/>
    </xsl:variable>
    <div>
      <dt>
        <xsl:if test="$example and site:lang($example)">
          <xsl:attribute name="lang" select="site:lang($example)"/>
        </xsl:if>
        <xsl:apply-templates select="$drawn" mode="site:example"/>
      </dt>
      <dd><xsl:value-of select="$text"/></dd>
    </div>
  </xsl:template>

  <xsl:template match="@id" mode="site:example"/>
  <xsl:template match="node() | @*" mode="site:example">
    <xsl:copy>
      <xsl:apply-templates select="@* | node()" mode="site:example"/>
    </xsl:copy>
  </xsl:template>

  <!-- Did the translator make it (@reason, or @resp naming the header's translator)? -->
  <xsl:function name="site:by" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="translator" as="xs:string*"/>
    <xsl:sequence select="$e/@reason = 'translator'
                          or tokenize(normalize-space($e/@resp), '\s') = $translator[.]"/>
  </xsl:function>

  <!-- The shortest of some elements (the example that takes least room). -->
  <xsl:function name="site:shortest" as="element()?">
    <xsl:param name="elements" as="element()*"/>
    <xsl:sequence select="sort($elements, (), function($e) {
        string-length(normalize-space($e))})[1]"/>
  </xsl:function>

  <!-- What a forme work (fw/@type) is, in words. -->
  <xsl:function name="site:fw-kind" as="xs:string">
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="
        if ($type = ('stamp', 'notice')) then $type
        else if ($type = ('header', 'head', 'running-head', 'runningHead')) then 'running head'
        else if ($type = ('footer', 'foot')) then 'running foot'
        else if ($type = ('pageNum', 'pageNo', 'page-number', 'folio')) then 'page number'
        else if ($type = ('catch', 'catchword')) then 'catchword'
        else if ($type = ('sig', 'signature')) then 'signature mark'
        else if ($type) then lower-case(site:words($type))
        else 'notice'"/>
  </xsl:function>

  <!-- "previous_letter", "belongsToCorrespondence" as words: "Previous letter", "Belongs to
       correspondence" -->
  <xsl:function name="site:words" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:variable name="w" select="lower-case(normalize-space(replace(replace($name,
        '([a-z])([A-Z])', '$1 $2'), '[_\-]+', ' ')))"/>
    <xsl:sequence select="upper-case(substring($w, 1, 1)) || substring($w, 2)"/>
  </xsl:function>

  <!-- ========================================================================= text -->

  <!-- A document of another archive: its front (a title page …), body and back, in their
       order, as its editors made them. -->
  <xsl:template match="tei:text[tc:is-imported(ancestor::tei:TEI[1])]" mode="site:text">
    <xsl:for-each select="*">
      <xsl:choose>
        <xsl:when test="self::tei:front | self::tei:back">
          <xsl:variable name="name" select="local-name()"/>
          <section class="doc-{$name}" aria-labelledby="{$name}-heading">
            <h2 id="{$name}-heading">
              <xsl:value-of select="if (self::tei:front) then 'Front matter' else 'Back matter'"/>
            </h2>
            <xsl:apply-templates select="."/>
          </section>
        </xsl:when>
        <xsl:when test="self::tei:body">
          <xsl:apply-templates select="." mode="site:text"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="."/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:text" mode="site:text">
    <xsl:apply-templates select="tei:body" mode="site:text"/>
    <xsl:for-each select="tei:front">
      <section class="doc-front" aria-labelledby="front-heading">
        <h2 id="front-heading">The archive's record</h2>
        <xsl:apply-templates select="."/>
      </section>
    </xsl:for-each>
    <xsl:for-each select="tei:back">
      <section class="doc-back" aria-labelledby="back-heading">
        <h2 id="back-heading">Related documents and document information</h2>
        <xsl:apply-templates select="."/>
      </section>
    </xsl:for-each>
    <!-- anything else in text (a group of texts …) keeps its words too -->
    <xsl:apply-templates select="* except (tei:front, tei:body, tei:back)"/>
  </xsl:template>

  <!-- the body: a translation that points to an original div is drawn beside it -->
  <xsl:template match="tei:body" mode="site:text">
    <xsl:variable name="candidates" as="map(*)*">
      <xsl:for-each select="tei:div[@corresp]">
        <xsl:variable name="orig" select="key('tc:id',
            substring-after(tokenize(normalize-space(@corresp), '\s+')[1], '#'))
            [self::tei:div][parent::tei:body]"/>
        <xsl:if test="$orig and not($orig is .)">
          <xsl:sequence select="map{'orig': $orig[1], 'trans': .}"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <!-- an original is shown once: beside its first translation (a second one follows on its
         own) -->
    <xsl:variable name="pairs" as="map(*)*" select="
        for $i in 1 to count($candidates) return
          $candidates[$i][not(some $j in 1 to $i - 1
                              satisfies $candidates[$j]?orig is $candidates[$i]?orig)]"/>
    <div class="tei-body">
      <xsl:for-each select="node()">
        <xsl:variable name="node" select="."/>
        <xsl:variable name="as-trans" select="$pairs[?trans is $node][1]"/>
        <xsl:choose>
          <xsl:when test="exists($as-trans)">
            <xsl:call-template name="site:parallel">
              <xsl:with-param name="orig" select="$as-trans?orig"/>
              <xsl:with-param name="trans" select="$node"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:when test="some $p in $pairs satisfies $p?orig is $node"/>
          <xsl:otherwise>
            <xsl:apply-templates select="."/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </div>
  </xsl:template>

  <xsl:function name="site:lang" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="string(($e/ancestor-or-self::*/@xml:lang)[last()])"/>
  </xsl:function>

  <xsl:function name="site:lang-name" as="xs:string">
    <xsl:param name="lang" as="xs:string"/>
    <xsl:sequence select="
        if (starts-with($lang, 'ja')) then 'Japanese'
        else if (starts-with($lang, 'en')) then 'English'
        else if ($lang) then $lang else 'unknown language'"/>
  </xsl:function>

  <!-- The original and its translation side by side, one row per aligned unit. -->
  <xsl:template name="site:parallel">
    <xsl:param name="orig" as="element()"/>
    <xsl:param name="trans" as="element()"/>
    <xsl:variable name="o-lang" select="site:lang($orig)"/>
    <xsl:variable name="t-lang" select="site:lang($trans)"/>
    <xsl:variable name="o-nodes" select="$orig/(* | text()[normalize-space()])"/>
    <xsl:variable name="t-nodes" select="$trans/(* | text()[normalize-space()])"/>
    <!-- the id of the original unit each translation unit points to -->
    <xsl:variable name="targets" as="map(*)" select="map:merge(
        for $t in $t-nodes[self::*/@corresp] return
          map{generate-id($t): substring-after(tokenize(normalize-space($t/@corresp),
                                                        '\s+')[1], '#')})"/>
    <xsl:variable name="anchors" select="$o-nodes[self::*/@xml:id = map:for-each($targets,
                                                  function($k, $v) {$v})]"/>
    <xsl:variable name="rank-of" as="map(*)" select="map:merge(
        for $i in 1 to count($anchors) return map{string($anchors[$i]/@xml:id): $i})"/>
    <xsl:variable name="cells" as="map(*)*">
      <xsl:iterate select="$o-nodes">
        <xsl:param name="seen" as="xs:integer" select="0"/>
        <xsl:variable name="k" select="if (self::*/@xml:id) then $rank-of(string(@xml:id))
                                       else ()"/>
        <xsl:sequence select="map{'side': 'o', 'row': if (exists($k)) then 2 * $k
                                                      else 2 * $seen + 1, 'node': .}"/>
        <xsl:next-iteration>
          <xsl:with-param name="seen" select="($k, $seen)[1]"/>
        </xsl:next-iteration>
      </xsl:iterate>
      <xsl:iterate select="$t-nodes">
        <xsl:param name="seen" as="xs:integer" select="0"/>
        <xsl:variable name="target" select="$targets(generate-id(.))"/>
        <xsl:variable name="k" select="if ($target) then $rank-of($target) else ()"/>
        <xsl:sequence select="map{'side': 't', 'row': if (exists($k)) then 2 * $k
                                                      else 2 * $seen + 1, 'node': .}"/>
        <xsl:next-iteration>
          <xsl:with-param name="seen" select="($k, $seen)[1]"/>
        </xsl:next-iteration>
      </xsl:iterate>
    </xsl:variable>
    <section class="parallel view-both" data-view="both"
             aria-label="{site:lang-name($o-lang)} original and {site:lang-name($t-lang)} translation">
      <div class="view-switch" role="group" aria-label="Show" hidden="" data-pagefind-ignore="all">
        <button type="button" data-view="both" aria-pressed="true">Both</button>
        <button type="button" data-view="orig" aria-pressed="false" lang="{$o-lang}">
          <xsl:value-of select="if (starts-with($o-lang, 'ja')) then '日本語'
                                else site:lang-name($o-lang)"/>
        </button>
        <button type="button" data-view="trans" aria-pressed="false" lang="{$t-lang}">
          <xsl:value-of select="if (starts-with($t-lang, 'en')) then 'English'
                                else site:lang-name($t-lang)"/>
        </button>
      </div>
      <div class="row row-head">
        <div class="col col-orig">
          <h3 class="col-heading">
            <xsl:if test="$orig/@xml:id">
              <xsl:attribute name="id" select="$orig/@xml:id"/>
            </xsl:if>
            <xsl:value-of select="site:lang-name($o-lang) || ' original'"/>
          </h3>
        </div>
        <div class="col col-trans">
          <h3 class="col-heading">
            <xsl:if test="$trans/@xml:id">
              <xsl:attribute name="id" select="$trans/@xml:id"/>
            </xsl:if>
            <xsl:value-of select="site:lang-name($t-lang) || ' translation'"/>
          </h3>
        </div>
      </div>
      <xsl:for-each-group select="$cells" group-by="?row">
        <xsl:sort select="current-grouping-key()"/>
        <xsl:variable name="left" select="current-group()[?side = 'o']?node"/>
        <xsl:variable name="right" select="current-group()[?side = 't']?node"/>
        <div class="row {if (current-grouping-key() mod 2 = 0) then 'row-aligned'
                         else 'row-unaligned'}">
          <div class="col col-orig{if (empty($left)) then ' col-empty' else ''}">
            <xsl:if test="$o-lang">
              <xsl:attribute name="lang" select="$o-lang"/>
            </xsl:if>
            <xsl:apply-templates select="$left"/>
          </div>
          <div class="col col-trans{if (empty($right)) then ' col-empty' else ''}">
            <xsl:if test="$t-lang">
              <xsl:attribute name="lang" select="$t-lang"/>
            </xsl:if>
            <xsl:apply-templates select="$right"/>
          </div>
        </div>
      </xsl:for-each-group>
    </section>
  </xsl:template>

  <!-- A turn says who speaks, visibly and without a mouse: after the label ("(Prime
       Minister)", "（総理）") the person's surname in the turn's language, unless the label
       already says it ("(Clinton)"). The label itself links to the persons index. -->
  <xsl:template match="tei:speaker[../@who]">
    <xsl:next-match/>
    <xsl:variable name="id" select="substring-after(tokenize(normalize-space(../@who), '\s+')[1],
                                                    '#')"/>
    <xsl:variable name="person" select="key('tc:id', $id)[self::tei:person][1]"/>
    <xsl:variable name="name" select="($person/tei:persName[@xml:lang = site:lang(current())],
                                       $person/tei:persName)[1]"/>
    <xsl:variable name="short" select="normalize-space(string-join(
        ($name/tei:surname, $name)[1]//text()))"/>
    <xsl:if test="$short and not(contains(string-join(.//text()), $short))">
      <span class="speaker-name" title="The speaker, as identified by the editors">
        <xsl:value-of select="$short"/>
      </span>
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- a related document that is in the edition: its entry links to its page -->
  <xsl:template match="tei:listBibl/tei:bibl[@corresp]">
    <xsl:variable name="href" select="tc:href(@corresp)"/>
    <li>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
      <xsl:if test="$href">
        <xsl:text> </xsl:text>
        <a class="in-edition" href="{$href}">(read it in this edition)</a>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- ==================================================================== cite this -->

  <xsl:template name="site:cite">
    <xsl:param name="title" as="xs:string"/>
    <xsl:variable name="path" select="'documents/' || $doc-id || '.html'"/>
    <xsl:variable name="link" select="if (matches($site-url, '^https?://', 'i'))
                                      then $site-url || $path else $path"/>
    <xsl:variable name="archive" select="tei:teiHeader//tei:sourceDesc//tei:surrogates/tei:bibl"/>
    <!-- (not searched: it repeats the title, and the edition's name is on every page) -->
    <section class="cite" aria-labelledby="cite-heading" data-pagefind-ignore="all">
      <h2 id="cite-heading">Cite this document</h2>
      <h3>This edition</h3>
      <p class="citation">
        <xsl:value-of select="'“' || $title || '”, ' || site:date-label(.) || ', in '"/>
        <cite><xsl:value-of select="$site-title"/></cite>
        <xsl:value-of select="
            (if ($site-editor) then ', edited by ' || $site-editor else '')
            || (if (($site-publisher and $site-publisher != $site-editor) or $site-date) then
                  ' (' || string-join(($site-publisher[. and . != $site-editor], $site-date[.]),
                                      ', ') || ')'
                else '')
            || ', document ' || $doc-id || ', '"/>
        <xsl:choose>
          <xsl:when test="matches($site-url, '^https?://', 'i')">
            <a href="{$link}"><xsl:value-of select="$link"/></a>
          </xsl:when>
          <xsl:otherwise>
            <a href="{$doc-id}.html"><xsl:value-of select="$link"/></a>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:text>.</xsl:text>
      </p>
      <xsl:if test="$archive">
        <h3>The archive</h3>
        <xsl:for-each select="$archive">
          <p class="citation archive-citation">
            <xsl:value-of select="normalize-space(string-join(tei:note[@type = 'citation']
                                                              //text()))"/>
            <xsl:for-each select="tei:ptr[tc:safe-url(@target)]">
              <xsl:text> </xsl:text>
              <a href="{tc:safe-url(@target)}"><xsl:value-of select="@target"/></a>
            </xsl:for-each>
          </p>
        </xsl:for-each>
      </xsl:if>
    </section>
  </xsl:template>

</xsl:stylesheet>
