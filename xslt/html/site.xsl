<?xml version="1.0" encoding="UTF-8"?>
<!--
  The pages of the HTML edition that list documents: the index (with filters), the persons,
  places and organisations indexes, the chronology and the search page.

  Input: the site's catalogue, written by tei/publish/html.py:
    <site:site xmlns:site="urn:tei-cables:site">
      <site:intro><site:p>…</site:p></site:intro>       the edition's introduction
      <entry id="cable-1468" …>…</entry>                 every document's entry (entry.xsl:
                                                         what these pages need of it, drawn
                                                         once), in any order
      <site:register><TEI>…</TEI></site:register>         the register of persons
    </site:site>
  $page names the page to write. Documents are listed in chronological order (then by id).
  Everything is found through keys and maps (a person's documents, a document's rank): the
  pages of a large edition are drawn in time linear in its size.
  Filter values are written as data-* attributes (never as script), so a TEI file cannot
  inject anything into the page.
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

  <xsl:param name="page" as="xs:string" select="'index'"/>
  <xsl:param name="persons-href" as="xs:string" select="'persons.html'"/>
  <xsl:param name="doc-suffix" as="xs:string" select="'.html'"/>
  <!-- the search index's bundles (shards of the edition's documents), the first holding the
       search UI; the search page merges them all -->
  <xsl:param name="search-bundles" as="xs:string" select="'pagefind'"/>
  <!-- $page 'person-pages': the persons whose pages (persons/<id>.html, result documents)
       are written, space-separated, or '#all'; only those named in a document get one -->
  <xsl:param name="person-pages" as="xs:string" select="'#all'"/>

  <xsl:variable name="docs" as="element(entry)*">
    <xsl:perform-sort select="/site:site/entry">
      <xsl:sort select="@date"/>
      <xsl:sort select="@id"/>
    </xsl:perform-sort>
  </xsl:variable>
  <xsl:variable name="register" select="/site:site/site:register//tei:person[@xml:id]"/>
  <!-- the register's ids, for a look-up that does not scan the register for every person -->
  <xsl:variable name="register-ids" as="map(xs:string, xs:boolean)"
      select="map:merge($register ! map:entry(string(@xml:id), true()))"/>
  <!-- the documents that name a person of the register (a look-up, not a scan of every
       document for every person: the persons page of a large edition stays linear) -->
  <xsl:key name="site:docs-by-person" match="entry" use="tokenize(@persons)"/>
  <!-- where a document stands in the order of the edition -->
  <xsl:variable name="rank" as="map(xs:string, xs:integer)"
      select="map:merge(for $k in 1 to count($docs) return map:entry(string($docs[$k]/@id), $k))"/>

  <!-- The edition's own documents, and those imported from other archives: the persons,
       places and organisations of the latter are their editors' own, listed apart by the
       archive or edition they come from (@source), never merged with the register. -->
  <xsl:variable name="own-docs" select="$docs[not(@imported)]"/>
  <xsl:variable name="imported-docs" select="$docs[@imported]"/>

  <!-- every person: the register's, then those only one of the edition's documents describes -->
  <xsl:variable name="persons" as="element(tei:person)*">
    <xsl:sequence select="$register"/>
    <xsl:for-each-group select="/site:site/entry[not(@imported)]/tei:person
                                [not(map:contains($register-ids, string(@xml:id)))]"
                        group-by="@xml:id">
      <xsl:sequence select="current-group()[1]"/>
    </xsl:for-each-group>
  </xsl:variable>

  <!-- ============================================================== functions -->

  <xsl:function name="site:href" as="xs:string">
    <xsl:param name="doc" as="element(entry)"/>
    <xsl:sequence select="$root || 'documents/' || $doc/@id || '.html'"/>
  </xsl:function>

  <!-- documents in the order of the edition -->
  <xsl:function name="site:in-order" as="element(entry)*">
    <xsl:param name="in" as="element(entry)*"/>
    <xsl:sequence select="sort($in, (), function ($d) { $rank(string($d/@id)) })"/>
  </xsl:function>

  <xsl:function name="site:sort-name" as="xs:string">
    <xsl:param name="person" as="element(tei:person)"/>
    <xsl:variable name="n" select="($person/tei:persName[@xml:lang = 'en'],
                                    $person/tei:persName)[1]"/>
    <xsl:sequence select="lower-case(normalize-space(string-join(
        for $part in ($n/tei:surname, $n/tei:forename, $n) return string($part), ' ')))"/>
  </xsl:function>

  <!-- ================================================================== pages -->

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$page = 'index'"><xsl:call-template name="site:index"/></xsl:when>
      <xsl:when test="$page = 'persons'"><xsl:call-template name="site:persons"/></xsl:when>
      <xsl:when test="$page = 'person-pages'"><xsl:call-template name="site:person-pages"/></xsl:when>
      <xsl:when test="$page = 'person-items'"><xsl:call-template name="site:person-items"/></xsl:when>
      <xsl:when test="$page = 'places'">
        <xsl:call-template name="site:names">
          <xsl:with-param name="kind" select="'places'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$page = 'organisations'">
        <xsl:call-template name="site:names">
          <xsl:with-param name="kind" select="'organisations'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$page = 'chronology'"><xsl:call-template name="site:chronology"/></xsl:when>
      <xsl:when test="$page = 'search'"><xsl:call-template name="site:search"/></xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes">unknown page <xsl:value-of select="$page"/></xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ==== index ==== -->

  <xsl:template name="site:index">
    <xsl:call-template name="site:page">
      <xsl:with-param name="title" select="$site-title"/>
      <xsl:with-param name="current" select="'index.html'"/>
      <xsl:with-param name="canonical" select="'index.html'"/>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$site-title"/></h1>
        <xsl:if test="$site-subtitle">
          <p class="subtitle"><xsl:value-of select="$site-subtitle"/></p>
        </xsl:if>
        <section class="intro" aria-label="Introduction">
          <xsl:for-each select="/site:site/site:intro/site:p">
            <p><xsl:value-of select="."/></p>
          </xsl:for-each>
        </section>
        <section aria-labelledby="documents-heading">
          <h2 id="documents-heading">Documents</h2>
          <xsl:call-template name="site:filters"/>
          <p class="filter-status" role="status" aria-live="polite">
            <xsl:value-of select="count($docs) || ' document' || (if (count($docs) = 1) then ''
                                  else 's')"/>
          </p>
          <ol class="doc-list">
            <xsl:for-each select="$docs">
              <xsl:call-template name="site:doc-entry"/>
            </xsl:for-each>
          </ol>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- the filters: shown by assets/site.js (without JavaScript every document is listed) -->
  <xsl:template name="site:filters">
    <form class="filters" hidden="" aria-label="Filter the documents">
      <div>
        <label for="filter-year">Year</label>
        <select id="filter-year" data-filter="year">
          <option value="">all years</option>
          <xsl:for-each select="distinct-values($docs/substring(@date, 1, 4)
                                                [matches(., '^\d{4}$')])">
            <xsl:sort/>
            <option value="{.}"><xsl:value-of select="."/></option>
          </xsl:for-each>
        </select>
      </div>
      <div>
        <label for="filter-person">Person</label>
        <select id="filter-person" data-filter="person">
          <option value="">all persons</option>
          <xsl:variable name="named" select="distinct-values($docs/tokenize(@persons))"/>
          <xsl:for-each select="$persons[@xml:id = $named]">
            <xsl:sort select="site:sort-name(.)"/>
            <option value="{@xml:id}"><xsl:value-of select="site:person-name(., 'en')"/></option>
          </xsl:for-each>
        </select>
      </div>
      <div>
        <label for="filter-type">Type</label>
        <select id="filter-type" data-filter="type">
          <option value="">all types</option>
          <xsl:for-each select="distinct-values($docs/@type)">
            <xsl:sort/>
            <option value="{.}"><xsl:value-of select="."/></option>
          </xsl:for-each>
        </select>
      </div>
    </form>
  </xsl:template>

  <xsl:template name="site:doc-entry">
    <li class="doc-entry" data-year="{substring(@date, 1, 4)}" data-person="{@persons}"
        data-type="{@type}">
      <article>
        <h3><a href="{site:href(.)}"><xsl:value-of select="title"/></a></h3>
        <p class="doc-line">
          <time datetime="{@date}"><xsl:value-of select="@label"/></time>
          <xsl:if test="parties">
            <xsl:value-of select="' · ' || parties"/>
          </xsl:if>
          <xsl:value-of select="' · ' || @type"/>
        </p>
        <!-- the original titles and the summary, drawn when the entry was made -->
        <xsl:copy-of select="summary/node()" copy-namespaces="no"/>
      </article>
    </li>
  </xsl:template>

  <!-- ==== persons ==== -->

  <xsl:template name="site:persons">
    <xsl:call-template name="site:page">
      <xsl:with-param name="title" select="'Persons'"/>
      <xsl:with-param name="current" select="'persons.html'"/>
      <xsl:with-param name="canonical" select="'persons.html'"/>
      <xsl:with-param name="content">
        <h1>Persons</h1>
        <p>Every person of the register, with the offices held; each person's page lists the
          documents that name them and every turn they speak, in the original and in the
          translation.<xsl:if test="$imported-docs">
          The persons of documents imported from other archives follow, by the archive or
          edition they come from: they are as those documents describe them, not persons of
          the register.</xsl:if></p>
        <xsl:for-each select="$persons">
          <xsl:sort select="site:sort-name(.)"/>
          <xsl:variable name="id" select="string(@xml:id)"/>
          <xsl:variable name="ref" select="'#' || $id"/>
          <section class="person" id="{$id}" aria-labelledby="{$id}-name">
            <h2 id="{$id}-name">
              <xsl:value-of select="site:person-name(., 'en')"/>
              <xsl:if test="site:person-name(., 'ja')">
                <xsl:text> </xsl:text>
                <span lang="ja"><xsl:value-of select="site:person-name(., 'ja')"/></span>
              </xsl:if>
            </h2>
            <xsl:if test="tei:affiliation | tei:occupation">
              <ul class="offices">
                <xsl:for-each select="tei:affiliation | tei:occupation">
                  <li>
                    <xsl:value-of select="normalize-space(string-join(.//text()))"/>
                    <xsl:if test="@from or @to">
                      <xsl:value-of select="' (' || (@from, '…')[1] || '–' || (@to, '…')[1]
                                            || ')'"/>
                    </xsl:if>
                  </li>
                </xsl:for-each>
              </ul>
            </xsl:if>
            <xsl:variable name="count" select="count(key('site:docs-by-person', $id))"/>
            <p class="person-docs-link">
              <xsl:choose>
                <xsl:when test="$count">
                  <a href="persons/{$id}.html">
                    <xsl:value-of select="$count || (if ($count = 1) then ' document names' else ' documents name')
                                          || ' this person'"/>
                  </a>
                  <xsl:text>: their roles and turns.</xsl:text>
                </xsl:when>
                <xsl:otherwise>No document of the edition names this person yet.</xsl:otherwise>
              </xsl:choose>
            </p>
          </section>
        </xsl:for-each>
        <xsl:call-template name="site:imported-entities">
          <xsl:with-param name="kind" select="'persons'"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A page per person named in a document (persons/<id>.html, written as result documents
       beside the principal result, which is the list of the ids written): the person's names
       and offices, the documents that name them in the order of the edition, their roles
       and turns. Run with $root '../'. -->
  <xsl:template name="site:person-pages">
    <xsl:variable name="wanted" select="tokenize($person-pages)"/>
    <xsl:for-each select="$persons[$wanted = '#all' or @xml:id = $wanted]">
      <xsl:variable name="id" select="string(@xml:id)"/>
      <xsl:if test="exists(key('site:docs-by-person', $id))">
        <xsl:result-document href="{$id}.html" format="site:page">
          <xsl:call-template name="site:page">
            <xsl:with-param name="title" select="site:person-name(., 'en')"/>
            <xsl:with-param name="current" select="'persons.html'"/>
            <xsl:with-param name="canonical" select="'persons/' || $id || '.html'"/>
            <xsl:with-param name="content">
              <h1>
                <xsl:value-of select="site:person-name(., 'en')"/>
                <xsl:if test="site:person-name(., 'ja')">
                  <xsl:text> </xsl:text>
                  <span lang="ja"><xsl:value-of select="site:person-name(., 'ja')"/></span>
                </xsl:if>
              </h1>
              <p><a href="{$root}persons.html#{$id}">All persons</a></p>
              <xsl:if test="tei:affiliation | tei:occupation">
                <ul class="offices">
                  <xsl:for-each select="tei:affiliation | tei:occupation">
                    <li>
                      <xsl:value-of select="normalize-space(string-join(.//text()))"/>
                      <xsl:if test="@from or @to">
                        <xsl:value-of select="' (' || (@from, '…')[1] || '–' || (@to, '…')[1]
                                              || ')'"/>
                      </xsl:if>
                    </li>
                  </xsl:for-each>
                </ul>
              </xsl:if>
              <section class="person" id="{$id}" aria-labelledby="{$id}-documents">
                <h2 id="{$id}-documents">Documents</h2>
                <!-- the documents' items (site:person-item), drawn with each document's page
                     and put here in the order of the edition by tei/publish/html.py -->
                <ul class="person-docs"><xsl:comment select="$site:items-here"/></ul>
              </section>
            </xsl:with-param>
          </xsl:call-template>
        </xsl:result-document>
        <xsl:value-of select="$id || ' '"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- Where a person's page takes the items of its documents: a comment (the only one). -->
  <xsl:variable name="site:items-here" select="'tei-cables:person-items'"/>

  <!-- $page 'person-items', on one document's entry: its item on the page of each person
       it names (the documents of a person's page are each drawn once, with the document's
       page, not all again when one of them changes), each after a comment naming the
       person. Run with $root '../'. -->
  <xsl:template name="site:person-items">
    <xsl:variable name="doc" select="/site:site/entry"/>
    <xsl:for-each select="distinct-values(tokenize($doc/@persons))">
      <xsl:comment select="'person:' || ."/>
      <xsl:call-template name="site:person-item">
        <xsl:with-param name="doc" select="$doc"/>
        <xsl:with-param name="id" select="."/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- A document on the page of the person $id: its title, date, the person's roles in it
       and turns of speech. -->
  <xsl:template name="site:person-item">
    <xsl:param name="doc" as="element(entry)"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="ref" select="'#' || $id"/>
    <xsl:variable name="roles" select="('sender'[tokenize($doc/@sent) = $ref],
        'recipient'[tokenize($doc/@received) = $ref],
        'translator'[tokenize($doc/@translated) = $ref])"/>
    <xsl:variable name="turns" select="$doc/turns/sp[tokenize(@who, '\s+') = $ref]"/>
    <li>
      <a href="{site:href($doc)}"><xsl:value-of select="$doc/title"/></a>
      <xsl:value-of select="' (' || $doc/@label || ')'"/>
      <xsl:if test="$roles">
        <xsl:value-of select="' — ' || string-join($roles, ', ')"/>
      </xsl:if>
      <xsl:if test="$turns">
        <xsl:call-template name="site:turns">
          <xsl:with-param name="doc" select="$doc"/>
          <xsl:with-param name="turns" select="$turns"/>
        </xsl:call-template>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- The persons (places, organisations) of documents imported from other archives: a
       section per source, an entry per person with an anchor for each document that
       describes it (site:anchor, where that document's page links), the documents, their
       roles and turns. Places and organisations described nowhere but named in the text
       follow, by name. -->
  <xsl:template name="site:imported-entities">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="k" select="if ($kind = 'persons') then 'person'
                                   else if ($kind = 'places') then 'place' else 'org'"/>
    <xsl:for-each-group select="$imported-docs" group-by="@source">
      <xsl:sort select="lower-case(current-grouping-key())"/>
      <xsl:variable name="in" select="current-group()"/>
      <xsl:variable name="entities" select="$in/entity[@kind = $k]"/>
      <!-- names in the documents that point to nothing they describe -->
      <xsl:variable name="names" select="if ($kind = 'persons') then () else $in/name[@kind = $k]"/>
      <xsl:if test="$entities or $names">
        <xsl:variable name="section" select="'source-' || position()"/>
        <section class="source-index" aria-labelledby="{$section}">
          <h2 id="{$section}">
            <xsl:value-of select="(if ($kind = 'persons') then 'Persons' else if ($kind = 'places')
                                   then 'Places' else 'Organisations') || ' of '
                                  || current-grouping-key()"/>
          </h2>
          <p class="source-note">
            <xsl:value-of select="'As named and described in ' || (if (count($in) = 1)
                                  then 'a document' else count($in) || ' documents')
                                  || ' imported from another archive.'"/>
          </p>
          <xsl:choose>
            <xsl:when test="$kind = 'persons'">
              <xsl:for-each-group select="$entities" group-by="@key">
                <xsl:sort select="lower-case(@name)"/>
                <xsl:call-template name="site:imported-person">
                  <xsl:with-param name="group" select="current-group()"/>
                </xsl:call-template>
              </xsl:for-each-group>
            </xsl:when>
            <xsl:otherwise>
              <ul class="name-index">
                <xsl:for-each-group select="$entities" group-by="@key">
                  <xsl:sort select="lower-case(@name)"/>
                  <xsl:variable name="group" select="current-group()"/>
                  <xsl:variable name="anchors" select="distinct-values($group/@anchor)"/>
                  <li id="{$anchors[1]}">
                    <xsl:for-each select="$anchors[position() > 1]">
                      <span id="{.}"></span>
                    </xsl:for-each>
                    <span class="name"><xsl:value-of select="@name"/></span>
                    <xsl:variable name="forms" select="distinct-values($group/form/string())
                                                       [. != $group[1]/@name]"/>
                    <xsl:if test="exists($forms)">
                      <xsl:value-of select="' (also ' || string-join($forms, ', ') || ')'"/>
                    </xsl:if>
                    <xsl:text>: </xsl:text>
                    <xsl:call-template name="site:doc-links">
                      <xsl:with-param name="in" select="$group/.."/>
                    </xsl:call-template>
                  </li>
                </xsl:for-each-group>
                <xsl:for-each-group select="$names" group-by="@key">
                  <xsl:sort select="lower-case(.)"/>
                  <li>
                    <span class="name"><xsl:value-of select="."/></span>
                    <xsl:text>: </xsl:text>
                    <xsl:call-template name="site:doc-links">
                      <xsl:with-param name="in" select="current-group()/.."/>
                    </xsl:call-template>
                  </li>
                </xsl:for-each-group>
              </ul>
            </xsl:otherwise>
          </xsl:choose>
        </section>
      </xsl:if>
    </xsl:for-each-group>
  </xsl:template>

  <!-- links to documents, in the order of the edition, separated by ';' -->
  <xsl:template name="site:doc-links">
    <xsl:param name="in" as="element(entry)*"/>
    <xsl:for-each select="site:in-order($in)">
      <xsl:if test="position() > 1"><xsl:text>; </xsl:text></xsl:if>
      <a href="{site:href(.)}"><xsl:value-of select="title"/></a>
    </xsl:for-each>
  </xsl:template>

  <!-- A person of imported documents (the current group of its descriptions): its name, an
       anchor per document, the documents with the person's roles in them and turns. -->
  <xsl:template name="site:imported-person">
    <xsl:param name="group" as="element()+"/>
    <xsl:variable name="anchors" select="distinct-values($group/@anchor)"/>
    <section class="person imported-person" id="{$anchors[1]}"
             aria-labelledby="{$anchors[1]}-name">
      <xsl:for-each select="$anchors[position() > 1]">
        <span id="{.}"></span>
      </xsl:for-each>
      <h3 id="{$anchors[1]}-name"><xsl:value-of select="$group[1]/@name"/></h3>
      <ul class="person-docs">
        <xsl:for-each select="site:in-order($group/..)">
          <xsl:variable name="doc" select="."/>
          <xsl:variable name="ref" select="string($group[.. is $doc][1]/@ref)"/>
          <xsl:variable name="roles" select="('sender'[tokenize($doc/@sent) = $ref],
                                              'recipient'[tokenize($doc/@received) = $ref])"/>
          <xsl:variable name="turns" select="turns/sp[tokenize(@who, '\s+') = $ref]"/>
          <li>
            <a href="{site:href(.)}"><xsl:value-of select="title"/></a>
            <xsl:value-of select="' (' || @label || ')'"/>
            <xsl:if test="$roles">
              <xsl:value-of select="' — ' || string-join($roles, ', ')"/>
            </xsl:if>
            <xsl:if test="$turns">
              <xsl:call-template name="site:turns">
                <xsl:with-param name="doc" select="."/>
                <xsl:with-param name="turns" select="$turns"/>
              </xsl:call-template>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- the turns a person speaks in a document, grouped by language; a turn's number is its
       rank in its division, its words as entry.xsl cut them -->
  <xsl:template name="site:turns">
    <xsl:param name="doc" as="element(entry)"/>
    <xsl:param name="turns" as="element(sp)*"/>
    <xsl:for-each-group select="$turns" group-by="string((@lang, ../@lang)[1])">
      <xsl:variable name="lang" select="current-grouping-key()"/>
      <div class="turns">
        <p class="turns-label">
          <xsl:value-of select="if (starts-with($lang, 'ja')) then 'In the Japanese original:'
                                else if (starts-with($lang, 'en')) then 'In the English translation:'
                                else 'Turns:'"/>
        </p>
        <ol class="turn-list">
          <xsl:for-each select="current-group()">
            <xsl:variable name="n" select="count(preceding-sibling::sp) + 1"/>
            <li>
              <xsl:choose>
                <xsl:when test="@id">
                  <a href="{$root}documents/{$doc/@id}.html#{@id}">
                    <xsl:value-of select="'turn ' || $n"/>
                  </a>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:value-of select="'turn ' || $n"/>
                </xsl:otherwise>
              </xsl:choose>
              <xsl:if test="string(.)">
                <xsl:text>: </xsl:text>
                <span class="turn-words">
                  <xsl:if test="$lang">
                    <xsl:attribute name="lang" select="$lang"/>
                  </xsl:if>
                  <xsl:value-of select="."/>
                </span>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </div>
    </xsl:for-each-group>
  </xsl:template>

  <!-- ==== places and organisations ==== -->

  <!-- Names as encoded in the documents (placeName, orgName), grouped by @ref when they
       have one, else by their words; the edition's own statements (who published and
       encoded it) are not entries. -->
  <xsl:template name="site:names">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="title" select="if ($kind = 'places') then 'Places' else 'Organisations'"/>
    <xsl:variable name="names" select="$own-docs/name[@kind = (if ($kind = 'places')
                                                               then 'place' else 'org')]"/>
    <xsl:call-template name="site:page">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="current" select="$kind || '.html'"/>
      <xsl:with-param name="canonical" select="$kind || '.html'"/>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$title"/></h1>
        <xsl:choose>
          <xsl:when test="$names">
            <p>Every <xsl:value-of select="if ($kind = 'places') then 'place' else 'organisation'"/>
              encoded in the documents, with the documents that name it.</p>
            <ul class="name-index">
              <xsl:for-each-group select="$names" group-by="@key">
                <xsl:sort select="lower-case(.)"/>
                <li>
                  <xsl:copy-of select="span" copy-namespaces="no"/>
                  <xsl:variable name="forms" select="distinct-values(current-group()/string())"/>
                  <xsl:if test="count($forms) > 1">
                    <xsl:value-of select="' (also ' || string-join($forms[position() > 1], ', ')
                                          || ')'"/>
                  </xsl:if>
                  <xsl:text>: </xsl:text>
                  <xsl:call-template name="site:doc-links">
                    <xsl:with-param name="in" select="current-group()/.."/>
                  </xsl:call-template>
                </li>
              </xsl:for-each-group>
            </ul>
          </xsl:when>
          <xsl:otherwise>
            <p>No <xsl:value-of select="lower-case($title)"/> are encoded in the documents of
              the edition yet.</p>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="site:imported-entities">
          <xsl:with-param name="kind" select="$kind"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ==== chronology ==== -->

  <xsl:template name="site:chronology">
    <xsl:call-template name="site:page">
      <xsl:with-param name="title" select="'Chronology'"/>
      <xsl:with-param name="current" select="'chronology.html'"/>
      <xsl:with-param name="canonical" select="'chronology.html'"/>
      <xsl:with-param name="content">
        <h1>Chronology</h1>
        <xsl:for-each-group select="$docs" group-by="(substring(@date, 1, 4)[.], 'Undated')[1]">
          <section aria-labelledby="year-{current-grouping-key()}">
            <h2 id="year-{current-grouping-key()}"><xsl:value-of select="current-grouping-key()"/></h2>
            <table class="chronology">
              <caption class="visually-hidden">
                <xsl:value-of select="'Documents of ' || current-grouping-key()"/>
              </caption>
              <thead>
                <tr><th scope="col">Sent</th><th scope="col">Received</th>
                  <th scope="col">Document</th><th scope="col">From → to</th></tr>
              </thead>
              <tbody>
                <xsl:for-each select="current-group()">
                  <tr>
                    <td><time datetime="{@date}"><xsl:value-of select="@label"/></time></td>
                    <td><xsl:copy-of select="received/node()" copy-namespaces="no"/></td>
                    <td><a href="{site:href(.)}"><xsl:value-of select="title"/></a></td>
                    <td><xsl:value-of select="parties"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </section>
        </xsl:for-each-group>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ==== search ==== -->

  <xsl:template name="site:search">
    <xsl:call-template name="site:page">
      <xsl:with-param name="title" select="'Search'"/>
      <xsl:with-param name="current" select="'search.html'"/>
      <xsl:with-param name="canonical" select="'search.html'"/>
      <xsl:with-param name="head">
        <link rel="stylesheet" href="pagefind/pagefind-ui.css"/>
        <script src="pagefind/pagefind-ui.js" defer=""></script>
      </xsl:with-param>
      <xsl:with-param name="content">
        <h1>Search</h1>
        <p>Search the full text of every document, in Japanese and in English.</p>
        <div id="search" class="search"
             data-bundles="{string-join(tokenize($search-bundles)[position() > 1], ' ')}"></div>
        <noscript>
          <p>Search needs JavaScript. Every document is listed on the
            <a href="index.html">index</a> and in the <a href="chronology.html">chronology</a>.</p>
        </noscript>
        <p class="search-file-note" hidden="">Search loads its index from the web server: it
          does not work on pages opened from disk. Preview the site with
          <code>tei serve</code>.</p>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
