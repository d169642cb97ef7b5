<?xml version="1.0" encoding="UTF-8"?>
<!--
  One document's entry in the site's catalogue: what the pages that list documents (site.xsl)
  and the correspondence file (cmif.xml, tei/publish/cmif.py) need of it, computed once,
  when the document's own page is written, by the functions the pages use (tc:title,
  site:date …) and drawn by the templates they use (common.xsl). The listing pages then read
  a few kilobytes of each document, never the document.

  <entry id="cable-1468"               the document's file name without .xml ($doc-id)
         date="1994-02-12"             site:date: the sort key (then @id)
         label="12 February 1994"      site:date-label
         type="cable"                  site:genre
         persons="hata-tsutomu …"      site:person-ids: the register's persons it names
         sent="#a" received="#b"       the persons (@ref tokens) who sent, received,
         translated="#c"               translated it: their roles on the persons page
         imported="yes" source="…">    a document of another archive, and site:source
    <title>…</title>                    site:title
    <parties>A → B</parties>            site:parties (when there are any)
    <summary>…</summary>                the index's lines after the date: original titles
                                        and the abstract, drawn as HTML
    <received>…</received>              the received date as HTML (chronology)
    <turns lang="ja">                   the turns of one division, in order (a turn's number
      <sp who="#a" id="…" lang="…">      is its rank here), with the first words of each
        first words…</sp>               as the persons page shows them (45 characters of
    </turns>                            Japanese, 90 of anything else, then '…')
    <name kind="place" key="…">         a place or organisation the document names (its own
      <span …>words</span></name>       documents), as the index draws it; key: its @ref,
                                        else its words (the index's grouping)
    <person xmlns="…tei">…</person>     a person the document describes that the register
                                        does not hold ($register-ids), less its notes
    <entity kind="person" key="…"       a person, place or organisation an imported document
            anchor="…" ref="#id"        describes (site:entity-key, site:anchor,
            name="…">                   site:entity-name), with the other forms of its name
      <form>…</form></entity>
    <name kind="place" key="…">…</name> (imported) a name that points to nothing it describes
    <cmif><TEI xmlns="…tei">…</TEI></cmif>  the document's correspondence as tei/publish/
                                        cmif.py reads it: the sent and received actions and
                                        the persons they name (English names, identifiers)
  </entry>
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tc="urn:tei-cables:functions"
    xmlns:site="urn:tei-cables:site"
    exclude-result-prefixes="#all">

  <xsl:import href="../common.xsl"/>
  <!-- imported, not included: its output method (html) gives way to this one's -->
  <xsl:import href="layout.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>

  <!-- the document's id (its file name without .xml), set by tei/publish/html.py -->
  <xsl:param name="doc-id" as="xs:string" select="string(/tei:TEI/@xml:id)"/>
  <!-- the register's ids, space-separated: the persons a document describes that the
       register holds are listed from the register -->
  <xsl:param name="register-ids" as="xs:string" select="''"/>

  <xsl:variable name="site:register-ids" as="xs:string*" select="tokenize($register-ids)"/>

  <!-- the spaces of Unicode (\p{Z}: Zs, Zl, Zp) other than the space, and NEL: what the
       turns' first words take as spaces. With translate(), not replace(..., '[\p{Z}]'):
       the regular expression took half the entry's time. -->
  <xsl:variable name="site:spaces" as="xs:string"
      select="'&#xA0;&#x1680;&#x2000;&#x2001;&#x2002;&#x2003;&#x2004;&#x2005;&#x2006;&#x2007;&#x2008;&#x2009;&#x200A;&#x2028;&#x2029;&#x202F;&#x205F;&#x3000;&#x85;'"/>
  <xsl:variable name="site:as-spaces" as="xs:string"
      select="string-join((1 to string-length($site:spaces)) ! ' ')"/>

  <xsl:template match="/">
    <xsl:apply-templates select="(tei:TEI, //tei:TEI)[1]" mode="site:entry"/>
  </xsl:template>

  <!-- ============================================================== functions -->

  <!-- the ids of the register's persons a document names (sender, recipient, translator,
       speakers, names in the text); none for an imported document, whose ids are its own -->
  <xsl:function name="site:person-ids" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="if (tc:is-imported($tei)) then () else distinct-values(
        for $r in ($tei//tei:author/@ref, $tei//tei:correspAction/tei:persName/@ref,
                   $tei//tei:titleStmt/tei:respStmt/tei:persName/@ref,
                   $tei//tei:sp/@who, $tei//tei:text//tei:persName/@ref,
                   $tei/tei:standOff//(tei:person | tei:personGrp | tei:place | tei:org)
                   [@xml:id]/tei:persName/@ref)
        return for $t in tokenize(normalize-space($r), '\s+')[starts-with(., '#')]
               return substring($t, 2))"/>
  </xsl:function>

  <!-- The archive or edition an imported document comes from, as readers name it: the
       volume or corpus it was part of, else the series (or monograph, journal) it belongs to,
       with its publisher; else its source file. -->
  <xsl:function name="site:source" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="p" select="($h/tei:sourceDesc//tei:bibl[@type = 'imported'])[1]"/>
    <xsl:variable name="work" select="normalize-space(string-join((
        $p/tei:relatedItem/tei:bibl/tei:title, $h/tei:titleStmt/tei:title[@level = ('s', 'm', 'j')],
        $h/tei:seriesStmt/tei:title)[normalize-space()][1]//text()))"/>
    <xsl:variable name="by" select="normalize-space(string-join((
        $p/tei:relatedItem/tei:bibl/tei:publisher,
        $h/tei:publicationStmt/(tei:publisher, tei:authority, tei:distributor))
        [normalize-space()][1]//text()))"/>
    <xsl:sequence select="
        if ($work and $by) then $work || ' (' || $by || ')'
        else if ($work or $by) then $work || $by
        else 'the source file ' || normalize-space($p/tei:idno[@type = 'source-file'])"/>
  </xsl:function>

  <!-- One index entry for what imported documents describe (a person, a place …): the
       documents of one source share it when it is the same entry of a register they share
       (@corresp: a FRUS volume's persons) or an entry with authority identifiers under the
       same id (a correspondence edition's persons); else it is the document's own (a play's
       characters). -->
  <xsl:function name="site:entity-key" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
        if (normalize-space($e/@corresp)) then 'c ' || normalize-space($e/@corresp)
        else if ($e/tei:idno[normalize-space()]) then 'i ' || $e/@xml:id
        else 'd ' || $e/ancestor::tei:TEI[1]/@xml:id || ' ' || $e/@xml:id"/>
  </xsl:function>

  <!-- Where a document's pages link to what it describes (tc:entity-href). -->
  <xsl:function name="site:anchor" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$e/ancestor::tei:TEI[1]/@xml:id || '.' || $e/@xml:id"/>
  </xsl:function>

  <!-- The name of a person, place or organisation as its document gives it first. -->
  <xsl:function name="site:entity-name" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="names" select="$e/(tei:persName | tei:placeName | tei:orgName
                                           | tei:name | tei:geogName)"/>
    <xsl:variable name="n" select="($e/self::tei:person ! site:person-name(., 'en')[.],
        ($names[not(@xml:lang) or @xml:lang = 'en'], $names)[1]
        ! normalize-space(string-join(.//text())))[.][1]"/>
    <xsl:sequence select="($n, '#' || $e/@xml:id)[1]"/>
  </xsl:function>

  <!-- the words of a name, as the indexes give them -->
  <xsl:function name="site:words" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="normalize-space(string-join($e//text()))"/>
  </xsl:function>

  <!-- the language of a node: its own or its nearest ancestor's ('' when none says) -->
  <xsl:function name="site:lang" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="string(($e/ancestor-or-self::*/@xml:lang)[last()])"/>
  </xsl:function>

  <!-- ================================================================== entry -->

  <xsl:template match="tei:TEI" mode="site:entry">
    <xsl:variable name="tei" select="."/>
    <xsl:variable name="imported" select="tc:is-imported(.)"/>
    <xsl:variable name="actions" select=".//tei:correspAction"/>
    <entry id="{$doc-id}" date="{site:date(.)}" label="{site:date-label(.)}"
           type="{site:genre(.)}">
      <xsl:if test="$imported">
        <xsl:attribute name="imported" select="'yes'"/>
        <xsl:attribute name="source" select="site:source(.)"/>
      </xsl:if>
      <xsl:call-template name="site:tokens">
        <xsl:with-param name="name" select="'persons'"/>
        <xsl:with-param name="tokens" select="site:person-ids(.)"/>
      </xsl:call-template>
      <xsl:call-template name="site:tokens">
        <xsl:with-param name="name" select="'sent'"/>
        <xsl:with-param name="tokens" select="$actions[@type = 'sent']
            /(if ($imported) then (tei:persName | tei:name) else tei:persName)
            /tokenize(@ref, '\s+')"/>
      </xsl:call-template>
      <xsl:call-template name="site:tokens">
        <xsl:with-param name="name" select="'received'"/>
        <xsl:with-param name="tokens" select="$actions[@type = 'received']
            /(if ($imported) then (tei:persName | tei:name) else tei:persName)
            /tokenize(@ref, '\s+')"/>
      </xsl:call-template>
      <xsl:if test="not($imported)">
        <xsl:call-template name="site:tokens">
          <xsl:with-param name="name" select="'translated'"/>
          <xsl:with-param name="tokens" select=".//tei:titleStmt/tei:respStmt
              [tei:resp/@key = 'trl']/tei:persName/tokenize(@ref, '\s+')"/>
        </xsl:call-template>
      </xsl:if>
      <title><xsl:value-of select="site:title(.)"/></title>
      <xsl:if test="site:parties(.)">
        <parties><xsl:value-of select="site:parties(.)"/></parties>
      </xsl:if>
      <xsl:variable name="summary" as="element()*">
        <xsl:for-each select="tei:teiHeader/tei:fileDesc/tei:titleStmt
                              /tei:title[@type = 'original']">
          <p class="original-title">
            <xsl:call-template name="tc:attributes"/>
            <xsl:apply-templates/>
          </p>
        </xsl:for-each>
        <xsl:for-each select="tei:teiHeader/tei:profileDesc/tei:abstract">
          <div class="summary">
            <xsl:apply-templates/>
          </div>
        </xsl:for-each>
      </xsl:variable>
      <xsl:if test="$summary">
        <summary><xsl:sequence select="$summary"/></summary>
      </xsl:if>
      <xsl:for-each select="($actions[@type = 'received']/tei:date)[1]">
        <received><xsl:apply-templates select="."/></received>
      </xsl:for-each>
      <xsl:call-template name="site:turns"/>
      <xsl:choose>
        <xsl:when test="$imported">
          <xsl:call-template name="site:entities"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="site:names"/>
          <xsl:for-each select="tei:teiHeader//tei:particDesc//tei:person[@xml:id]
                                [not(@xml:id = $site:register-ids)]">
            <xsl:copy>
              <xsl:copy-of select="@*, node()[not(self::tei:note)]"/>
            </xsl:copy>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="site:cmif"/>
    </entry>
  </xsl:template>

  <!-- an attribute of space-separated tokens, when there are any -->
  <xsl:template name="site:tokens">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="tokens" as="xs:string*"/>
    <xsl:if test="exists($tokens[.])">
      <xsl:attribute name="{$name}" select="string-join($tokens[.], ' ')"/>
    </xsl:if>
  </xsl:template>

  <!-- the turns, by the division that holds them: who speaks, the turn's id, its first words
       as the persons page shows them -->
  <xsl:template name="site:turns">
    <xsl:for-each-group select=".//tei:text//tei:sp" group-by="generate-id(..)">
      <xsl:variable name="lang" select="site:lang(..)"/>
      <turns>
        <xsl:if test="$lang">
          <xsl:attribute name="lang" select="$lang"/>
        </xsl:if>
        <xsl:for-each select="current-group()">
          <xsl:variable name="own" select="site:lang(.)"/>
          <xsl:variable name="length" select="if (starts-with($own, 'ja')) then 45 else 90"/>
          <!-- the words of its first paragraph (or line), every run of spaces of any kind
               (no-break, ideographic …) one space -->
          <xsl:variable name="words" select="normalize-space(translate(string-join(
              (tei:p | tei:ab | tei:l)[1]//text()[not(ancestor::tei:note or ancestor::tei:desc)]),
              $site:spaces, $site:as-spaces))"/>
          <sp>
            <xsl:copy-of select="@who"/>
            <xsl:if test="@xml:id">
              <xsl:attribute name="id" select="@xml:id"/>
            </xsl:if>
            <xsl:if test="$own != $lang">
              <xsl:attribute name="lang" select="$own"/>
            </xsl:if>
            <xsl:value-of select="substring($words, 1, $length)
                                  || (if (string-length($words) > $length) then '…' else '')"/>
          </sp>
        </xsl:for-each>
      </turns>
    </xsl:for-each-group>
  </xsl:template>

  <!-- the places and organisations one of the edition's own documents names, as the index
       draws them: those of its header (not the edition's own statements, who published and
       encoded it; not the notes on the sources of the persons it describes), those of its
       text in the language they stand in, and the names of the persons, places and
       organisations its text (or standOff) describes, as they give them -->
  <xsl:template name="site:names">
    <xsl:variable name="names" as="element(name)*">
      <xsl:for-each select=".//(tei:placeName | tei:orgName)[normalize-space()]
          [not(ancestor::tei:respStmt or ancestor::tei:publicationStmt
               or ancestor::tei:editionStmt or ancestor::tei:seriesStmt
               or ancestor::tei:encodingDesc)]">
        <xsl:variable name="in-entity" select="exists(ancestor::*[self::tei:person
            or self::tei:personGrp or self::tei:place or self::tei:org])"/>
        <xsl:variable name="part" select="exists(parent::*[self::tei:person
            or self::tei:personGrp or self::tei:place or self::tei:org][@xml:id])"/>
        <xsl:variable name="where" select="
            if (ancestor::tei:teiHeader)
            then (if (ancestor::tei:note[parent::tei:person][ancestor::tei:particDesc]) then ''
                  else 'header')
            else if ($part and (ancestor::tei:text or ancestor::tei:standOff)) then 'entity'
            else if (ancestor::tei:text and not($in-entity)) then 'text'
            else ''"/>
        <xsl:if test="$where">
          <name kind="{if (self::tei:placeName) then 'place' else 'org'}"
                key="{if (normalize-space(@ref)) then normalize-space(@ref) else site:words(.)}">
            <!-- (a copy, so that the language is where tc:attributes puts it) -->
            <xsl:variable name="lang" select="if ($where = 'text') then site:lang(.) else ''"/>
            <xsl:variable name="named" as="element()">
              <xsl:copy>
                <xsl:copy-of select="@*"/>
                <xsl:if test="not(@xml:lang) and $lang">
                  <xsl:attribute name="xml:lang" select="$lang"/>
                </xsl:if>
              </xsl:copy>
            </xsl:variable>
            <span class="name">
              <xsl:for-each select="$named">
                <xsl:call-template name="tc:attributes"/>
              </xsl:for-each>
              <xsl:value-of select="site:words(.)"/>
            </span>
          </name>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <!-- once each: the index takes a name's first occurrence, its distinct forms and the
         documents (a cable names its places in its header and in both its texts) -->
    <xsl:for-each-group select="$names" group-by="@kind || ' ' || @key || ' ' || string()">
      <xsl:sequence select="current-group()[1]"/>
    </xsl:for-each-group>
  </xsl:template>

  <!-- what an imported document describes, and the places and organisations it names
       without describing them -->
  <xsl:template name="site:entities">
    <xsl:variable name="described" select=".//(tei:place | tei:org)/@xml:id"/>
    <xsl:for-each select=".//(tei:person | tei:personGrp | tei:place | tei:org)[@xml:id]">
      <entity kind="{if (self::tei:place) then 'place' else if (self::tei:org) then 'org'
                     else 'person'}"
              key="{site:entity-key(.)}" anchor="{site:anchor(.)}" ref="#{@xml:id}"
              name="{site:entity-name(.)}">
        <xsl:if test="self::tei:place or self::tei:org">
          <xsl:for-each select="(tei:placeName | tei:orgName | tei:name | tei:geogName)">
            <form><xsl:value-of select="site:words(.)"/></form>
          </xsl:for-each>
        </xsl:if>
      </entity>
    </xsl:for-each>
    <xsl:for-each select=".//(tei:placeName | tei:orgName)[normalize-space()]
        [not(ancestor::tei:place or ancestor::tei:org or ancestor::tei:person
             or ancestor::tei:personGrp or ancestor::tei:titleStmt
             or ancestor::tei:respStmt or ancestor::tei:publicationStmt
             or ancestor::tei:editionStmt or ancestor::tei:seriesStmt
             or ancestor::tei:sourceDesc)]
        [not(substring-after(tokenize(normalize-space(@ref), '\s+')[1], '#') = $described)]">
      <name kind="{if (self::tei:placeName) then 'place' else 'org'}"
            key="{if (normalize-space(@ref)) then normalize-space(@ref) else site:words(.)}">
        <xsl:value-of select="site:words(.)"/>
      </name>
    </xsl:for-each>
  </xsl:template>

  <!-- the correspondence as cmif.py reads it: the first correspDesc's sent and received
       actions, and the persons of the particDesc they point to (their English names and
       identifiers: CMIF's name and authority) -->
  <xsl:template name="site:cmif">
    <xsl:variable name="corresp" select="(tei:teiHeader/tei:profileDesc/tei:correspDesc)[1]"/>
    <xsl:if test="$corresp">
      <xsl:variable name="actions" select="$corresp/tei:correspAction[@type = 'sent'][1],
                                           $corresp/tei:correspAction[@type = 'received'][1]"/>
      <xsl:variable name="ids" select="$actions/(tei:persName | tei:orgName)/@ref
                                       [starts-with(., '#')]/substring(., 2)"/>
      <cmif>
        <TEI xmlns="http://www.tei-c.org/ns/1.0">
          <xsl:copy-of select="@xml:id"/>
          <teiHeader>
            <profileDesc>
              <correspDesc>
                <!-- what cmif.py takes of an action: its names (and what they point to),
                     its places, its first date with @when; their words, spaces collapsed -->
                <xsl:for-each select="$actions">
                  <xsl:copy>
                    <xsl:copy-of select="@type"/>
                    <xsl:for-each select="tei:persName | tei:orgName | tei:placeName">
                      <xsl:copy>
                        <xsl:copy-of select="@ref"/>
                        <xsl:value-of select="normalize-space(string(.))"/>
                      </xsl:copy>
                    </xsl:for-each>
                    <xsl:for-each select="tei:date[@when][1]">
                      <xsl:copy>
                        <xsl:copy-of select="@when"/>
                      </xsl:copy>
                    </xsl:for-each>
                  </xsl:copy>
                </xsl:for-each>
              </correspDesc>
              <xsl:variable name="persons" select="for $id in distinct-values($ids)
                  return (tei:teiHeader//tei:particDesc//tei:person[@xml:id = $id])[1]"/>
              <xsl:if test="$persons">
                <particDesc>
                  <xsl:for-each select="$persons">
                    <xsl:copy>
                      <xsl:copy-of select="@xml:id"/>
                      <xsl:for-each select="tei:persName[@xml:lang = 'en']">
                        <xsl:copy>
                          <xsl:copy-of select="@xml:lang, tei:surname, tei:forename"/>
                        </xsl:copy>
                      </xsl:for-each>
                      <xsl:copy-of select="tei:idno"/>
                    </xsl:copy>
                  </xsl:for-each>
                </particDesc>
              </xsl:if>
            </profileDesc>
          </teiHeader>
        </TEI>
      </cmif>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
