<?xml version="1.0" encoding="UTF-8"?>
<!--
  How each TEI element looks: written once, imported by every output (xslt/html/ for the web
  edition, xslt/print/ for the PDF edition). Like CETEIcean's behaviours table, every element
  has one rule here; an output imports this module and overrides only what differs (page
  frame, where notes go, how a link to another document is written).

  Output is HTML5 (XHTML namespace-free elements). Conventions:
    - every element keeps its TEI name as a class: class="tei-sp", plus its @type as
      "type-…" (class="tei-gap reason-redacted"), so one stylesheet (CSS) styles web and print;
    - @xml:id becomes @id, @xml:lang becomes @lang (so every language run is marked);
    - an element this module does not know still renders, with all its text: as a <div>
      where it stands among blocks, else as a <span> (the generic fallback);
    - text is only ever written as text nodes, so markup in a TEI file is always escaped; a
      URL is written only when it is relative or http(s)/mailto (no javascript: links).

  Parameters an output may set:
    $note-style      'endnote' (a numbered call, the note's text collected by
                     tei:notes()) or 'footnote' (the note's text where the call stands,
                     for CSS Paged Media's float: footnote);
    $doc-suffix      what a link to another document of the edition ends in: '.html' for the
                     web, '' with $doc-anchor for a single print book ('#cable-1456');
    $doc-anchor      true(): links to other documents are fragment links ('#cable-1456');
    $persons-href    where the persons index is ('persons.html'; '' for in-book anchors);
    $places-href, $organisations-href
                     where the places and organisations indexes are (() when there is none:
                     the book has none);
    $edition-docs    the documents of the edition, space-separated (what a link to one is
                     made of: the file's name without .xml); a link to any other document
                     is plain text. '' when unknown (every such link is drawn).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tc="urn:tei-cables:functions"
    exclude-result-prefixes="#all">

  <xsl:param name="note-style" as="xs:string" select="'endnote'"/>
  <xsl:param name="doc-suffix" as="xs:string" select="'.html'"/>
  <xsl:param name="doc-anchor" as="xs:boolean" select="false()"/>
  <xsl:param name="persons-href" as="xs:string" select="'persons.html'"/>
  <xsl:param name="places-href" as="xs:string?" select="'places.html'"/>
  <xsl:param name="organisations-href" as="xs:string?" select="'organisations.html'"/>
  <xsl:param name="edition-docs" as="xs:string" select="''"/>
  <!-- hosts whose images a page may show (edition.toml image_hosts), separated by spaces -->
  <xsl:param name="image-hosts" as="xs:string" select="''"/>

  <xsl:key name="tc:id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- TEI elements that are blocks (rendered as a box of their own); everything else that is
       not listed is inline unless it stands among blocks (see tc:is-block). -->
  <xsl:variable name="tc:block-names" as="xs:string*" select="
      ('TEI', 'text', 'front', 'body', 'back', 'group', 'div', 'div1', 'div2', 'div3', 'div4',
       'p', 'ab', 'head', 'sp', 'opener', 'closer', 'trailer', 'dateline', 'byline', 'salute',
       'signed', 'postscript', 'docTitle', 'titlePart', 'docDate', 'docImprint', 'titlePage',
       'docAuthor', 'argument', 'epigraph', 'list', 'listBibl', 'listPerson', 'listPlace',
       'listOrg', 'item', 'table', 'row', 'cell', 'lg', 'l', 'figure', 'quote', 'floatingText',
       'cit', 'castList', 'spGrp', 'biblStruct', 'listEvent', 'event', 'person', 'place',
       'org', 'entry', 'sense', 'u', 'annotationBlock')"/>

  <!-- ==================================================================== functions -->

  <!-- Is this element rendered as a block? Listed ones are; a seg or stage of a block-like
       type is; an unknown element is when its parent holds blocks. -->
  <xsl:function name="tc:is-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
        local-name($e) = $tc:block-names
        or ($e/self::tei:seg and $e/@type = ('metadata', 'telegram-form', 'forwarding'))
        or ($e/self::tei:stage and $e/@type = 'narration')
        or ($e/self::tei:fw and not($e/parent::tei:p))
        or ($e/self::tei:note and $e/@place = ('block', 'end', 'bottom', 'foot')
            and not($e/ancestor::tei:p))
        or (not(namespace-uri($e) = 'http://www.tei-c.org/ns/1.0'
                and local-name($e) = $tc:inline-names)
            and exists($e/*[local-name() = $tc:block-names]))"/>
  </xsl:function>

  <xsl:variable name="tc:inline-names" as="xs:string*" select="
      ('hi', 'emph', 'foreign', 'term', 'name', 'persName', 'placeName', 'orgName', 'date',
       'time', 'num', 'measure', 'ref', 'ptr', 'title', 'idno', 'seg', 'choice', 'abbr',
       'expan', 'sic', 'corr', 'orig', 'reg', 'gap', 'supplied', 'unclear', 'del', 'add',
       'note', 'stage', 'speaker', 'label', 'q', 'said', 'mentioned', 'soCalled', 'gloss',
       'lb', 'pb', 'cb', 'fw', 'rs', 'roleName', 'forename', 'surname', 'addName', 'genName',
       'bibl', 'author', 'editor', 'pubPlace', 'publisher', 'biblScope', 'span', 'c', 'w')"/>

  <!-- A URL that may stand in an href: relative, fragment, http(s) or mailto; else ''. -->
  <xsl:function name="tc:safe-url" as="xs:string">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" select="normalize-space($url)"/>
    <xsl:sequence select="
        if (matches($u, '^(https?|mailto):', 'i')) then $u
        else if (matches($u, '^[a-zA-Z][a-zA-Z0-9+.\-]*:')) then ''
        else $u"/>
  </xsl:function>

  <!-- The href of a pointer: another document of the edition (cable-1456.xml, with or
       without a fragment) becomes that document's page (or anchor in a book); a fragment
       (#x) stays one; an absolute URL (http, https, mailto) is kept. Anything else leads
       nowhere from the edition's pages and gets '' (drawn as plain text): a document that
       is not in the edition ($edition-docs), a reference relative to another archive's site
       ("L02641"), another scheme. -->
  <xsl:function name="tc:href" as="xs:string">
    <xsl:param name="target" as="xs:string?"/>
    <xsl:variable name="t" select="tokenize(normalize-space($target), '\s+')[1]"/>
    <xsl:choose>
      <xsl:when test="matches($t, '^[A-Za-z0-9._\-]+\.xml(#.*)?$')">
        <xsl:variable name="doc" select="replace($t, '^(.*)\.xml(#.*)?$', '$1')"/>
        <xsl:variable name="frag" select="replace($t, '^.*\.xml(#?.*)$', '$1')"/>
        <xsl:sequence select="
            if (normalize-space($edition-docs) and not($doc = tokenize($edition-docs))) then ''
            else if ($doc-anchor) then ('#' || (if ($frag) then substring($frag, 2) else $doc))
            else $doc || $doc-suffix || $frag"/>
      </xsl:when>
      <xsl:when test="starts-with($t, '#') or matches($t, '^(https?|mailto):', 'i')">
        <xsl:sequence select="tc:safe-url($t)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="''"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Was the document imported from another archive (`tei import` recorded where from)? -->
  <xsl:function name="tc:is-imported" as="xs:boolean">
    <xsl:param name="tei" as="element(tei:TEI)?"/>
    <xsl:sequence select="exists($tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc
                                 //tei:bibl[@type = 'imported'])"/>
  </xsl:function>

  <!-- Where the person, place or organisation a pointer (@who, @ref: '#id') names is
       described. The edition's own documents name the register's persons (the persons
       index, by their id). A document imported from another archive names its own (its
       particDesc, the lists of its text): the indexes list them apart, under the anchor
       '<document's xml:id>.<id>'; a work or anything else it describes in its text is on
       its own page ('#id'). '' when the document describes nothing by that id. -->
  <xsl:function name="tc:entity-href" as="xs:string">
    <xsl:param name="ref" as="xs:string?"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="tei" select="$context/ancestor-or-self::tei:TEI[1]"/>
    <xsl:variable name="t" select="tokenize(normalize-space($ref), '\s+')[1]"/>
    <xsl:variable name="id" select="substring-after($t, '#')[starts-with($t, '#')]"/>
    <xsl:variable name="e" select="if ($id and root($tei) instance of document-node())
        then key('tc:id', $id, root($tei))[ancestor::tei:TEI[1] is $tei][1] else ()"/>
    <xsl:variable name="anchor" select="'#' || $tei/@xml:id || '.' || $id"/>
    <xsl:sequence select="
        if (not(tc:is-imported($tei))) then tc:person-href($ref)
        else if ($e/(self::tei:person | self::tei:personGrp)) then $persons-href || $anchor
        else if ($e/self::tei:place and exists($places-href)) then $places-href || $anchor
        else if ($e/self::tei:org and exists($organisations-href))
          then $organisations-href || $anchor
        else if ($e[ancestor::tei:text] and not($e/(self::tei:place | self::tei:org)))
          then '#' || $id
        else ''"/>
  </xsl:function>

  <!-- The title of a document, its own: the analytic title (title[@level='a'], a letter's,
       an article's), else its main title; never the title of the series, the monograph or
       the journal it belongs to, nor a subtitle, a short form or a date; else the title
       its text gives (docTitle, the first head). -->
  <xsl:function name="tc:title" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="t" select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt
                                   /tei:title[normalize-space()]"/>
    <xsl:variable name="own" select="$t[not(@level = ('s', 'm', 'j'))]"/>
    <xsl:variable name="chosen" select="(
        $t[@level = 'a'], $own[@type = 'main'], $own[not(@type)],
        $own[not(@type = ('sub', 'subordinate', 'alt', 'alternative', 'short', 'abbreviated',
                          'desc', 'original', 'parallel', 'iso-date', 'date')
                 or @when or @when-iso)],
        $tei/tei:text/tei:front//tei:docTitle, ($tei/tei:text//tei:head)[1], $own)[1]"/>
    <xsl:sequence select="if ($chosen) then normalize-space(string-join($chosen//text()))
                          else 'Untitled document'"/>
  </xsl:function>

  <!-- Where a person (xml:id in the register) is described. -->
  <xsl:function name="tc:person-href" as="xs:string">
    <xsl:param name="ref" as="xs:string?"/>
    <xsl:variable name="id" select="substring-after(tokenize(normalize-space($ref), '\s+')[1],
                                                    '#')"/>
    <xsl:sequence select="if ($id) then $persons-href || '#' || $id else ''"/>
  </xsl:function>

  <!-- The display name of a person in the document's particDesc, in a language. -->
  <xsl:function name="tc:person-name" as="xs:string?">
    <xsl:param name="context" as="node()"/>
    <xsl:param name="ref" as="xs:string?"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:variable name="id" select="substring-after(normalize-space($ref), '#')"/>
    <!-- the document's own persons first (an imported play's particDesc), then the
         register (a book's corpus holds it) -->
    <xsl:variable name="tei" select="$context/ancestor::tei:TEI[1]"/>
    <xsl:variable name="all" select="if (root($context) instance of document-node())
        then key('tc:id', $id, root($context))[self::tei:person]
        else root($context)//tei:person[@xml:id = $id]"/>
    <xsl:variable name="person" select="($all[ancestor::tei:TEI[. is $tei]], $all)[1]"/>
    <xsl:variable name="name" select="($person/tei:persName[@xml:lang = $lang],
                                       $person/tei:persName)[1]"/>
    <xsl:sequence select="if ($name) then normalize-space(string-join($name//text()))
                          else ()"/>
  </xsl:function>

  <!-- The number of a note that is shown as a numbered note (per document: in a teiCorpus,
       such as the print edition's book, each TEI counts its own notes from 1). -->
  <xsl:function name="tc:note-number" as="xs:integer">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:variable name="doc" select="($note/ancestor::tei:TEI[1], root($note))[1]"/>
    <xsl:sequence select="count($note/preceding::tei:note[tc:is-numbered(.)]
                                [ancestor::tei:text][(ancestor::tei:TEI[1], root(.))[1] is $doc])
                          + 1"/>
  </xsl:function>

  <!-- What a note's call shows: its own @n when the source numbers it, else its number. -->
  <xsl:function name="tc:note-mark" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="if (normalize-space($note/@n)) then normalize-space($note/@n)
                          else string(tc:note-number($note))"/>
  </xsl:function>

  <!-- Notes that become numbered notes: the translator's and the editors', and any note not
       of the cable's own text ("(note: …)" is the cable's words and stays in the line) and
       not the description of a work in a bibliography (it stays with the work). -->
  <xsl:function name="tc:is-numbered" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="not($note/@type = 'cable') and exists($note/ancestor::tei:text)
                          and not($note/ancestor::tei:bibl or $note/ancestor::tei:biblStruct)"/>
  </xsl:function>

  <!-- An element's id on the page: its xml:id, else its document's id and its rank in the
       document (not generate-id(), which differs with how many documents the processor has
       read before: a page must be the same whatever process, and in whatever order, writes
       it). The preceding and ancestor axes share no node: the sum of their counts is the
       count of their union, without building the union (a node-set sorted in document
       order, for each element: a tenth of a page's time). -->
  <xsl:function name="tc:id" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/@xml:id) then string($e/@xml:id)
                          else 'e' || string($e/ancestor::tei:TEI[1]/@xml:id) || '-'
                               || (count($e/preceding::*) + count($e/ancestor::*))"/>
  </xsl:function>

  <!-- ============================================= attributes every element carries -->

  <xsl:template name="tc:attributes">
    <xsl:param name="class" as="xs:string*" select="()"/>
    <xsl:attribute name="class" select="string-join((
        'tei-' || local-name(),
        @type ! ('type-' || replace(., '[^A-Za-z0-9_\-]', '_')),
        @subtype ! ('subtype-' || replace(., '[^A-Za-z0-9_\-]', '_')),
        @reason ! ('reason-' || replace(., '[^A-Za-z0-9_\-]', '_')),
        $class), ' ')"/>
    <xsl:if test="@xml:id">
      <xsl:attribute name="id" select="@xml:id"/>
    </xsl:if>
    <xsl:if test="@xml:lang">
      <xsl:attribute name="lang" select="@xml:lang"/>
    </xsl:if>
    <xsl:if test="@corresp">
      <xsl:attribute name="data-corresp" select="@corresp"/>
    </xsl:if>
  </xsl:template>

  <!-- ===================================================================== generic -->

  <!-- The fallback: any element, known or not, keeps its text. -->
  <xsl:template match="*" mode="#default" priority="-1">
    <xsl:element name="{if (tc:is-block(.)) then 'div' else 'span'}">
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:teiHeader"/>

  <xsl:template match="tei:text | tei:front | tei:body | tei:back | tei:div | tei:div1
                       | tei:div2 | tei:div3 | tei:div4 | tei:opener | tei:closer
                       | tei:docTitle | tei:docImprint | tei:argument | tei:epigraph
                       | tei:spGrp | tei:floatingText | tei:postscript">
    <xsl:element name="{if (self::tei:div or self::tei:div1 or self::tei:div2) then 'section'
                        else 'div'}">
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- ====================================================================== blocks -->

  <xsl:template match="tei:p">
    <p>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="tei:ab | tei:dateline | tei:byline | tei:salute | tei:signed
                       | tei:trailer | tei:docDate | tei:titlePart | tei:docAuthor">
    <div>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- headings: the depth of the division, below the page's own h1/h2 -->
  <xsl:template match="tei:head">
    <xsl:variable name="depth" select="count(ancestor::tei:div | ancestor::tei:div1
                                             | ancestor::tei:div2 | ancestor::tei:div3)"/>
    <xsl:choose>
      <xsl:when test="parent::tei:figure | parent::tei:table | parent::tei:list
                      | parent::tei:listBibl | parent::tei:lg">
        <div>
          <xsl:call-template name="tc:attributes"/>
          <xsl:apply-templates/>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="h{min((6, 2 + max((1, $depth))))}">
          <xsl:call-template name="tc:attributes"/>
          <xsl:apply-templates/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a turn: the speaker's label links to the person; the turn says who speaks -->
  <xsl:template match="tei:sp">
    <div>
      <xsl:call-template name="tc:attributes"/>
      <xsl:if test="@who">
        <xsl:attribute name="data-who" select="@who"/>
      </xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:speaker">
    <xsl:variable name="who" select="../@who"/>
    <xsl:variable name="lang" select="(ancestor-or-self::*/@xml:lang)[last()]"/>
    <xsl:variable name="name" select="tc:person-name(., $who, string($lang))"/>
    <span>
      <xsl:call-template name="tc:attributes"/>
      <xsl:choose>
        <xsl:when test="$who and tc:entity-href($who, .)">
          <a href="{tc:entity-href($who, .)}">
            <xsl:if test="$name">
              <xsl:attribute name="title" select="$name"/>
            </xsl:if>
            <xsl:apply-templates/>
          </a>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates/>
        </xsl:otherwise>
      </xsl:choose>
    </span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- the telegram form, the metadata lines, the forwarding line: a line each -->
  <xsl:template match="tei:seg[tc:is-block(.)] | tei:stage[@type = 'narration']">
    <div>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- a list with labels (a glossary, "label: item" pairs) is a description list: a ul
       may hold only li, so its labels would be invalid there (and lost to screen readers) -->
  <xsl:template match="tei:list">
    <xsl:apply-templates select="tei:head"/>
    <xsl:element name="{if (tei:label) then 'dl'
                        else if (@rend = ('numbered', 'ordered') or @type = 'ordered') then 'ol'
                        else 'ul'}">
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates select="node() except tei:head"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:list/tei:item | tei:listBibl/tei:bibl | tei:listBibl/tei:biblStruct">
    <li>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </li>
  </xsl:template>

  <xsl:template match="tei:listBibl">
    <xsl:apply-templates select="tei:head"/>
    <ul>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates select="node() except tei:head"/>
    </ul>
  </xsl:template>

  <xsl:template match="tei:list[tei:label]/tei:item" priority="1">
    <dd>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </dd>
  </xsl:template>

  <xsl:template match="tei:list/tei:label">
    <dt>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </dt>
  </xsl:template>

  <xsl:template match="tei:figure">
    <figure>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates select="node() except tei:head"/>
      <xsl:for-each select="tei:head">
        <figcaption>
          <xsl:call-template name="tc:attributes"/>
          <xsl:apply-templates/>
        </figcaption>
      </xsl:for-each>
    </figure>
  </xsl:template>

  <!-- An image is drawn only from a host the editor allows (image_hosts, over https). Any
       other is named, not loaded, so that no page makes its readers' browsers fetch anything
       from elsewhere: on another site (a document from another archive naming an image on
       its server), a link with its URL; relative (to that archive: the edition publishes no
       image of it), its name. -->
  <xsl:template match="tei:graphic">
    <xsl:variable name="src" select="tc:safe-url(@url)"/>
    <xsl:choose>
      <xsl:when test="tc:embeddable($src)">
        <img src="{$src}" alt="{normalize-space(string-join(../tei:figDesc//text()))}">
          <xsl:call-template name="tc:attributes"/>
        </img>
      </xsl:when>
      <xsl:when test="$src">
        <span>
          <xsl:call-template name="tc:attributes">
            <xsl:with-param name="class" select="'remote-resource'"/>
          </xsl:call-template>
          <xsl:choose>
            <xsl:when test="matches($src, '^https?://', 'i')">
              <xsl:text>Image on another site, not loaded here: </xsl:text>
              <a href="{$src}" rel="noopener noreferrer"><xsl:value-of select="$src"/></a>
            </xsl:when>
            <xsl:otherwise>
              <xsl:text>Image not published with this edition: </xsl:text>
              <xsl:value-of select="$src"/>
            </xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Whether an image URL (already tc:safe-url) may be loaded by a page: https, on a host of
       $image-hosts (no user name before it, which would make the host another). -->
  <xsl:function name="tc:embeddable" as="xs:boolean">
    <xsl:param name="url" as="xs:string"/>
    <xsl:variable name="authority" select="
        if (matches($url, '^https://[^/?#\\]+([/?#\\].*)?$', 'is'))
        then lower-case(replace($url, '^https://([^/?#\\]+).*$', '$1', 'is')) else ''"/>
    <xsl:sequence select="$authority != '' and not(contains($authority, '@'))
                          and $authority = tokenize($image-hosts)"/>
  </xsl:function>

  <xsl:template match="tei:figDesc">
    <span>
      <xsl:call-template name="tc:attributes">
        <xsl:with-param name="class" select="'visually-hidden'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:table">
    <table>
      <xsl:call-template name="tc:attributes"/>
      <xsl:for-each select="tei:head">
        <caption>
          <xsl:apply-templates/>
        </caption>
      </xsl:for-each>
      <xsl:apply-templates select="node() except tei:head"/>
    </table>
  </xsl:template>

  <xsl:template match="tei:row">
    <tr>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </tr>
  </xsl:template>

  <xsl:template match="tei:cell">
    <xsl:element name="{if (../@role = 'label' or @role = 'label') then 'th' else 'td'}">
      <xsl:call-template name="tc:attributes"/>
      <xsl:if test="@cols">
        <xsl:attribute name="colspan" select="@cols"/>
      </xsl:if>
      <xsl:if test="@rows">
        <xsl:attribute name="rowspan" select="@rows"/>
      </xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:lg">
    <div>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:l">
    <div>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:quote[tc:is-block(.)] | tei:cit">
    <blockquote>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </blockquote>
  </xsl:template>

  <!-- ============================================ the editorial apparatus (inline) -->

  <!-- A redaction: drawn as a blacked-out box whose words (the translator's description)
       stay readable, to screen readers too; the box says it is a redaction. -->
  <xsl:template match="tei:gap">
    <xsl:variable name="desc" select="normalize-space(string-join(tei:desc//text()))"/>
    <span role="note">
      <xsl:call-template name="tc:attributes"/>
      <xsl:attribute name="title" select="
          (if (@reason = 'redacted') then 'Redacted in the original' else 'Omitted')
          || (if ($desc) then ': ' || $desc else '')"/>
      <span class="visually-hidden">
        <xsl:value-of select="if (@reason = 'redacted') then '[redacted: ' else '[gap: '"/>
      </span>
      <span class="gap-desc">
        <xsl:value-of select="if ($desc) then $desc
                              else if (@reason = 'redacted') then 'redacted' else '…'"/>
      </span>
      <span class="visually-hidden">]</span>
    </span>
  </xsl:template>

  <!-- a gap's description is drawn as the gap's words (above); any other (a place's, an
       event's) is text like any -->
  <xsl:template match="tei:gap/tei:desc"/>

  <!-- words the translator (or an editor) adds: in square brackets, marked as added -->
  <xsl:template match="tei:supplied">
    <xsl:variable name="translator" select="@reason = 'translator' or @resp =
        ancestor::tei:TEI//tei:respStmt[tei:resp/@key = 'trl']/tei:persName/@ref"/>
    <span title="{if ($translator) then 'Added by the translator' else 'Supplied by the editors'}">
      <xsl:call-template name="tc:attributes"/>
      <span class="bracket">[</span>
      <xsl:apply-templates/>
      <span class="bracket">]</span>
    </span>
  </xsl:template>

  <!-- an abbreviation with the translator's expansion: the abbreviation, then the expansion
       in square brackets (shown, and as the abbreviation's title) -->
  <xsl:template match="tei:choice[tei:abbr and tei:expan]">
    <span>
      <xsl:call-template name="tc:attributes"/>
      <abbr class="tei-abbr" title="{normalize-space(string-join(tei:expan//text()))}">
        <xsl:apply-templates select="tei:abbr/node()"/>
      </abbr>
      <xsl:text> </xsl:text>
      <span class="tei-expan">
        <span class="bracket">[</span>
        <xsl:apply-templates select="tei:expan/node()"/>
        <span class="bracket">]</span>
      </span>
    </span>
  </xsl:template>

  <!-- other choices: the corrected / regularised reading, then the source's own (and any
       other) in brackets, so that every word of the text is on the page -->
  <xsl:template match="tei:choice">
    <xsl:variable name="shown" select="(tei:corr, tei:reg, tei:expan, *)[1]"/>
    <span title="{normalize-space(string-join((* except $shown)[1]//text()))}">
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates select="$shown/node()"/>
      <xsl:for-each select="* except $shown">
        <xsl:text> </xsl:text>
        <span class="choice-other tei-{local-name()}">
          <span class="bracket">[</span>
          <xsl:value-of select="if (self::tei:sic) then 'sic: ' else if (self::tei:orig)
                                then 'orig.: ' else ''"/>
          <xsl:apply-templates/>
          <span class="bracket">]</span>
        </span>
      </xsl:for-each>
    </span>
  </xsl:template>

  <!-- the cable's own note "(note: …)": its words, in the line -->
  <xsl:template match="tei:note[not(tc:is-numbered(.))]">
    <span>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- a note of the translator or the editors: a numbered call; its text at the foot of the
       page (print) or in the document's list of notes (web) -->
  <xsl:template match="tei:note[tc:is-numbered(.)]">
    <xsl:variable name="id" select="'note-' || tc:id(.)"/>
    <xsl:choose>
      <xsl:when test="$note-style = 'footnote'">
        <span id="{$id}">
          <xsl:call-template name="tc:attributes">
            <xsl:with-param name="class" select="'footnote'"/>
          </xsl:call-template>
          <xsl:call-template name="tc:note-label"/>
          <xsl:apply-templates/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <a class="note-call" href="#{$id}" id="call-{tc:id(.)}"
           aria-describedby="{$id}">
          <sup>
            <xsl:value-of select="tc:note-mark(.)"/>
          </sup>
        </a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Translator's note:" / "Editors' note:" said once, before the words -->
  <xsl:template name="tc:note-label">
    <span class="note-label">
      <xsl:value-of select="if (@type = 'translator') then 'Translator’s note: '
                            else if (@type = 'editorial') then 'Editors’ note: ' else ''"/>
    </span>
  </xsl:template>

  <!-- The list of numbered notes of a part of a document (web: after the text). -->
  <xsl:template name="tc:notes">
    <xsl:param name="scope" as="node()*" select="."/>
    <xsl:variable name="notes" select="$scope//tei:note[tc:is-numbered(.)]"/>
    <xsl:if test="$notes">
      <ol class="notes">
        <xsl:for-each select="$notes">
          <li id="note-{tc:id(.)}" data-mark="{tc:note-mark(.)}">
            <xsl:if test="(ancestor-or-self::*/@xml:lang)[last()]">
              <xsl:attribute name="lang" select="(ancestor-or-self::*/@xml:lang)[last()]"/>
            </xsl:if>
            <span class="note-mark"><xsl:value-of select="tc:note-mark(.)"/></span>
            <xsl:text> </xsl:text>
            <xsl:call-template name="tc:note-label"/>
            <xsl:apply-templates/>
            <xsl:text> </xsl:text>
            <a class="note-back" href="#call-{tc:id(.)}" aria-label="Back to the text">↩</a>
          </li>
        </xsl:for-each>
      </ol>
    </xsl:if>
  </xsl:template>

  <!-- a reaction in the room: "(laughter)" -->
  <xsl:template match="tei:stage | tei:incident | tei:kinesic | tei:vocal">
    <span>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- a page of the original scan; a page of the translation's typescript -->
  <xsl:template match="tei:pb">
    <span role="separator">
      <xsl:call-template name="tc:attributes">
        <xsl:with-param name="class" select="if (@ed = 'translation') then 'ed-translation'
                                             else ()"/>
      </xsl:call-template>
      <!-- a page without a number: the page image it stands for (@facs), or no words -->
      <xsl:variable name="n" select="normalize-space(@n)"/>
      <xsl:variable name="facs" select="replace(tokenize(normalize-space(@facs), '\s+')[1],
                                                '^#', '')"/>
      <xsl:attribute name="aria-label" select="
          if (@ed = 'translation') then 'page break in the translation''s typescript'
          else if ($n) then 'page ' || $n || ' of the original'
          else if ($facs) then 'page break of the original, facsimile ' || $facs
          else 'page break of the original'"/>
      <xsl:value-of select="if (@ed = 'translation') then '‖'
                            else if ($n) then '[p. ' || $n || ']'
                            else if ($facs) then '[facs. ' || $facs || ']'
                            else ''"/>
    </span>
  </xsl:template>

  <!-- a space the source leaves: @quantity characters (or ems) wide, at most 20; lines
       (@dim='vertical', @unit='lines') are line breaks -->
  <xsl:template match="tei:space">
    <xsl:variable name="q" as="xs:integer" select="
        if (@quantity castable as xs:decimal)
        then xs:integer(max((1, min((20, round(xs:decimal(@quantity)))))))
        else 1"/>
    <span>
      <xsl:call-template name="tc:attributes"/>
      <xsl:choose>
        <xsl:when test="@dim = 'vertical' or @unit = ('line', 'lines')">
          <xsl:for-each select="1 to $q"><br/></xsl:for-each>
        </xsl:when>
        <xsl:when test="@unit = ('em', 'ems')">
          <xsl:value-of select="string-join((1 to $q) ! '&#x2003;')"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="' ' || string-join((2 to $q) ! '&#xA0;')"/>
        </xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template match="tei:lb">
    <br/>
  </xsl:template>

  <xsl:template match="tei:cb | tei:milestone | tei:anchor">
    <span>
      <xsl:call-template name="tc:attributes"/>
    </span>
  </xsl:template>

  <!-- a stamp or notice repeated on every page of the scan -->
  <xsl:template match="tei:fw">
    <xsl:element name="{if (tc:is-block(.)) then 'div' else 'span'}">
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- ================================================================ names, dates -->

  <xsl:template match="tei:date | tei:time">
    <xsl:variable name="when" select="(@when, @when-iso)[1]"/>
    <xsl:choose>
      <xsl:when test="$when castable as xs:date or $when castable as xs:dateTime
                      or $when castable as xs:gYear or $when castable as xs:gYearMonth">
        <time datetime="{$when}">
          <xsl:call-template name="tc:attributes"/>
          <xsl:apply-templates/>
        </time>
      </xsl:when>
      <xsl:otherwise>
        <span>
          <xsl:call-template name="tc:attributes"/>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:persName[@ref] | tei:name[@ref] | tei:rs[@ref]">
    <xsl:variable name="href" select="tc:entity-href(@ref, .)"/>
    <xsl:choose>
      <xsl:when test="$href and starts-with(normalize-space(@ref), '#')">
        <a href="{$href}">
          <xsl:call-template name="tc:attributes"/>
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span>
          <xsl:call-template name="tc:attributes"/>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a link: only where it leads somewhere (tc:href); a fragment (#x) only when the text
       has an element x -->
  <xsl:template match="tei:ref[@target] | tei:ptr[@target]">
    <xsl:variable name="t" select="tokenize(normalize-space(@target), '\s+')[1]"/>
    <xsl:variable name="href" select="
        if (starts-with($t, '#') and not(root() instance of document-node()
                                         and key('tc:id', substring($t, 2))[ancestor::tei:text]))
        then '' else tc:href(@target)"/>
    <xsl:choose>
      <xsl:when test="$href">
        <a href="{$href}">
          <xsl:call-template name="tc:attributes"/>
          <xsl:apply-templates/>
          <xsl:if test="self::tei:ptr">
            <xsl:value-of select="@target"/>
          </xsl:if>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span>
          <xsl:call-template name="tc:attributes"/>
          <xsl:apply-templates/>
          <xsl:if test="self::tei:ptr">
            <xsl:value-of select="@target"/>
          </xsl:if>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:title[not(ancestor::tei:teiHeader)] | tei:bibl[not(parent::tei:listBibl)]">
    <cite>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </cite>
  </xsl:template>

  <xsl:template match="tei:emph | tei:hi[@rend = ('italic', 'italics', 'i')]">
    <em>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </em>
  </xsl:template>

  <xsl:template match="tei:hi[@rend = ('bold', 'b', 'strong')]">
    <strong>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </strong>
  </xsl:template>

  <xsl:template match="tei:hi[@rend = ('sup', 'superscript')]">
    <sup>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </sup>
  </xsl:template>

  <xsl:template match="tei:q | tei:quote[not(tc:is-block(.))] | tei:said">
    <q>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </q>
  </xsl:template>

  <xsl:template match="tei:del">
    <del>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </del>
  </xsl:template>

  <xsl:template match="tei:add">
    <ins>
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </ins>
  </xsl:template>

  <xsl:template match="tei:unclear">
    <span title="unclear in the source">
      <xsl:call-template name="tc:attributes"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- non-TEI content (MathML, SVG …) keeps its text; its markup is not copied -->
  <xsl:template match="*[not(namespace-uri() = 'http://www.tei-c.org/ns/1.0')]" priority="-0.5">
    <span class="foreign-markup" data-element="{name()}">
      <xsl:value-of select="normalize-space(string(.))"/>
    </span>
  </xsl:template>

  <!-- comments and processing instructions of the TEI are not content -->
  <xsl:template match="comment() | processing-instruction()"/>

  <!-- Text of mixed languages with no markup of its own ("Secret (極秘)"): each run of
       Japanese script becomes <span lang="ja">, so screen readers and fonts (and line
       breaking) treat it as Japanese. (Code point ranges, not \p{Is…} blocks: Saxon prints
       a line for every Unicode block it loads.) -->
  <xsl:template name="tc:mark-japanese">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:analyze-string select="$text" regex="[&#x3000;-&#x30FF;&#x3400;-&#x4DBF;&#x4E00;-&#x9FFF;&#xFF00;-&#xFFEF;]+">
      <xsl:matching-substring>
        <span lang="ja"><xsl:value-of select="."/></span>
      </xsl:matching-substring>
      <xsl:non-matching-substring>
        <xsl:value-of select="."/>
      </xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:template>

  <!-- ========================================================== the header's facts -->

  <!-- The facts of a document as rows of a definition list: number, classification,
       precedence, distribution, sent, received, repository, file, translator, source. Used
       by the web page's metadata panel and the book's metadata table. -->
  <xsl:template name="tc:metadata">
    <xsl:param name="tei" as="element(tei:TEI)" select="ancestor-or-self::tei:TEI[1]"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <xsl:variable name="ms" select="$h//tei:sourceDesc/tei:msDesc"/>
    <xsl:variable name="cats" select="$h//tei:textClass/tei:catRef"/>
    <dl class="metadata">
      <xsl:for-each select="$ms//tei:altIdentifier[@type = 'cable']/tei:idno">
        <dt>Cable number</dt>
        <dd><xsl:value-of select="."/></dd>
      </xsl:for-each>
      <xsl:for-each select="('classification', 'precedence', 'distribution', 'genre')">
        <xsl:variable name="scheme" select="."/>
        <xsl:variable name="cat" select="$cats[@scheme = '#' || $scheme]"/>
        <xsl:if test="$cat">
          <dt>
            <xsl:value-of select="if ($scheme = 'genre') then 'Type'
                                  else upper-case(substring($scheme, 1, 1)) || substring($scheme, 2)"/>
          </dt>
          <dd>
            <xsl:call-template name="tc:mark-japanese">
              <xsl:with-param name="text" select="
                  string-join(for $t in tokenize($cat/@target, '\s+') return
                    normalize-space(string-join($h//tei:category[@xml:id = substring($t, 2)]
                                                /tei:catDesc[1]//text())), '; ')"/>
            </xsl:call-template>
          </dd>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="$h//tei:correspDesc/tei:correspAction">
        <dt>
          <xsl:value-of select="if (@type = 'sent') then 'Sent' else if (@type = 'received')
                                then 'Received' else string(@type)"/>
        </dt>
        <dd>
          <xsl:for-each select="tei:persName | tei:orgName | tei:placeName | tei:date">
            <xsl:if test="position() > 1">
              <xsl:text>, </xsl:text>
            </xsl:if>
            <xsl:apply-templates select="."/>
          </xsl:for-each>
        </dd>
      </xsl:for-each>
      <xsl:for-each select="$ms/tei:msIdentifier/tei:repository">
        <dt>Repository</dt>
        <dd><xsl:value-of select="."/></dd>
      </xsl:for-each>
      <xsl:for-each select="$ms/tei:msIdentifier/tei:idno[@type = 'file']">
        <dt>File number</dt>
        <dd><xsl:value-of select="."/></dd>
      </xsl:for-each>
      <xsl:for-each select="$h//tei:titleStmt/tei:respStmt[tei:resp/@key = 'trl']">
        <dt>Translator</dt>
        <dd><xsl:value-of select="normalize-space(string-join((tei:persName, tei:orgName,
                                                               tei:name)//text()))"/></dd>
      </xsl:for-each>
      <xsl:for-each select="$ms//tei:surrogates/tei:bibl[tei:ptr/@target][1]">
        <dt>Source</dt>
        <dd>
          <xsl:variable name="url" select="tc:safe-url(tei:ptr/@target)"/>
          <xsl:choose>
            <xsl:when test="$url">
              <a href="{$url}"><xsl:value-of select="(tei:title, $url)[1]"/></a>
            </xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="tei:title"/>
            </xsl:otherwise>
          </xsl:choose>
        </dd>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <!-- Where a document imported from another archive (`tei import`) came from: drawn from
       its header's sourceDesc/bibl[@type='imported'] and appInfo, for the document page and
       the book alike. Nothing for the edition's own documents. -->
  <xsl:template name="tc:provenance">
    <xsl:param name="tei" as="element(tei:TEI)" select="ancestor-or-self::tei:TEI[1]"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <xsl:variable name="p" select="($h/tei:fileDesc/tei:sourceDesc//tei:bibl[@type = 'imported'])[1]"/>
    <xsl:if test="$p">
      <xsl:variable name="in" select="$p/tei:relatedItem/tei:bibl"/>
      <xsl:variable name="own" select="$h/tei:fileDesc/tei:publicationStmt"/>
      <xsl:variable name="tool" select="($h//tei:appInfo/tei:application[@ident = 'tei-cables'])[1]"/>
      <div class="provenance">
        <p class="provenance-heading">Imported from another archive</p>
        <dl class="metadata provenance-facts">
          <xsl:variable name="by" select="($in/(tei:publisher | tei:distributor), $own/(tei:publisher | tei:authority | tei:distributor))"/>
          <xsl:if test="$by">
            <dt>Published by</dt>
            <dd><xsl:value-of select="string-join(distinct-values($by ! normalize-space(.)), '; ')"/></dd>
          </xsl:if>
          <xsl:if test="$in">
            <dt><xsl:value-of select="if ($p/tei:relatedItem/@type = 'volume') then 'In the volume' else 'In the corpus'"/></dt>
            <dd>
              <xsl:value-of select="normalize-space(($in/tei:title)[1])"/>
              <xsl:for-each select="$in/tei:biblScope">
                <xsl:value-of select="' › ' || normalize-space(.)"/>
              </xsl:for-each>
            </dd>
          </xsl:if>
          <xsl:for-each select="$in/tei:idno, $own/tei:idno">
            <dt><xsl:value-of select="'Identifier' || (' (' || @type || ')')[current()/@type]"/></dt>
            <dd><xsl:value-of select="normalize-space(.)"/></dd>
          </xsl:for-each>
          <dt>Source file</dt>
          <dd>
            <xsl:value-of select="$p/tei:idno[@type = 'source-file']"/>
            <xsl:for-each select="$p/tei:idno[@type = 'source-part'][. != ($p/tei:idno[@type = 'source-id'], '')[1] or not($p/tei:idno[@type = 'source-id'])]">
              <xsl:value-of select="', part ' || ."/>
            </xsl:for-each>
            <xsl:for-each select="$p/tei:idno[@type = 'source-id']">
              <xsl:value-of select="', id ' || ."/>
            </xsl:for-each>
          </dd>
          <dt>SHA-256 of the source</dt>
          <dd><code class="hash"><xsl:value-of select="$p/tei:idno[@type = 'sha256']"/></code></dd>
          <xsl:for-each select="($own/tei:availability, $in/tei:availability)[1]">
            <dt>Rights (as the source states them)</dt>
            <dd><xsl:value-of select="normalize-space(string-join(.//text()))"/></dd>
          </xsl:for-each>
          <xsl:if test="$tool">
            <dt>Imported with</dt>
            <dd><xsl:value-of select="normalize-space($tool/tei:label) || ' ' || $tool/@version"/></dd>
          </xsl:if>
        </dl>
        <p class="provenance-note">Published as received: the text is the source's own,
          kept whole; what this edition does not style is shown plainly, with all its words.</p>
      </div>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
