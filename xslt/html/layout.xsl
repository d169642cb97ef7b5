<?xml version="1.0" encoding="UTF-8"?>
<!--
  The page frame of the HTML edition: head, skip link, site header with navigation and search
  box, main, footer. Included by document.xsl and site.xsl (which import ../common.xsl).

  Every link is relative ($root is '' for a page at the top of the site, '../' for a page in
  documents/), so the site works opened from disk and under any sub-path of a web server.
  The only scripts are the site's own files (assets/site.js, Pagefind's UI on the search
  page): nothing of a TEI file is ever written inside a script or style element; and every
  page's Content-Security-Policy ($site:csp) lets a browser load nothing but the site's own
  files (and the images of the hosts edition.toml names).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:site="urn:tei-cables:site"
    xmlns:tc="urn:tei-cables:functions"
    exclude-result-prefixes="#all">

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
              include-content-type="no"/>
  <!-- the same, for pages written as result documents (site.xsl's person pages) -->
  <xsl:output name="site:page" method="html" html-version="5" encoding="UTF-8" indent="no"
              include-content-type="no"/>

  <!-- set by tei/publish/html.py from edition.toml -->
  <xsl:param name="site-title" as="xs:string" select="'TEI edition'"/>
  <xsl:param name="site-subtitle" as="xs:string" select="''"/>
  <xsl:param name="site-publisher" as="xs:string" select="''"/>
  <xsl:param name="site-editor" as="xs:string" select="''"/>
  <xsl:param name="site-date" as="xs:string" select="''"/>
  <xsl:param name="site-licence" as="xs:string" select="''"/>
  <xsl:param name="site-licence-url" as="xs:string" select="''"/>
  <xsl:param name="site-url" as="xs:string" select="''"/>
  <!-- the way from this page to the top of the site: '' or '../' -->
  <xsl:param name="root" as="xs:string" select="''"/>

  <!-- The navigation: [file, label]. -->
  <xsl:variable name="site:nav" as="array(xs:string)*" select="
      (['index.html', 'Documents'], ['chronology.html', 'Chronology'],
       ['persons.html', 'Persons'], ['places.html', 'Places'],
       ['organisations.html', 'Organisations'], ['search.html', 'Search'])"/>

  <!-- Every page's Content-Security-Policy: the site's own scripts, styles, fonts and images
       only (and what Pagefind needs: its WebAssembly, its index fetched from the site), plus
       the images of the hosts the editor allows (image_hosts in edition.toml, https only).
       Nothing of a TEI file can make a reader's browser fetch from elsewhere or run a script,
       even if a page drew something it should not. (The favicon is the empty data: URL.) -->
  <xsl:variable name="site:csp" as="xs:string" select="string-join((
      &quot;default-src 'none'&quot;,
      &quot;script-src 'self' 'wasm-unsafe-eval'&quot;,
      &quot;style-src 'self'&quot;,
      string-join((&quot;img-src 'self' data:&quot;, tokenize($image-hosts) ! ('https://' || .)),
                  ' '),
      &quot;font-src 'self'&quot;,
      &quot;connect-src 'self'&quot;,
      &quot;form-action 'self'&quot;,
      &quot;base-uri 'none'&quot;), '; ')"/>

  <xsl:template name="site:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="current" as="xs:string" select="''"/>
    <xsl:param name="content" as="item()*"/>
    <xsl:param name="head" as="item()*" select="()"/>
    <xsl:param name="canonical" as="xs:string" select="''"/>
    <!-- or: the node whose templates in mode site:content draw the page's content, in place
         (a document's page: no copy of its article) -->
    <xsl:param name="content-of" as="node()?" select="()"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy" content="{$site:csp}"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:value-of select="if ($title = $site-title) then $title
                                else $title || ' — ' || $site-title"/>
        </title>
        <xsl:if test="$site-url and $canonical and matches($site-url, '^https?://', 'i')">
          <link rel="canonical" href="{$site-url}{$canonical}"/>
        </xsl:if>
        <link rel="icon" href="data:,"/>
        <link rel="stylesheet" href="{$root}assets/common.css"/>
        <link rel="stylesheet" href="{$root}assets/site.css"/>
        <link rel="alternate" type="application/tei+xml" href="{$root}cmif.xml" title="Correspondence metadata (CMIF)"/>
        <xsl:sequence select="$head"/>
        <script src="{$root}assets/site.js" defer=""></script>
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to the content</a>
        <header class="site-header">
          <p class="site-title">
            <a href="{$root}index.html"><xsl:value-of select="$site-title"/></a>
          </p>
          <nav class="site-nav" aria-label="Edition">
            <ul>
              <xsl:for-each select="$site:nav">
                <li>
                  <a href="{$root}{?1}">
                    <xsl:if test="?1 = $current">
                      <xsl:attribute name="aria-current" select="'page'"/>
                    </xsl:if>
                    <xsl:value-of select="?2"/>
                  </a>
                </li>
              </xsl:for-each>
            </ul>
          </nav>
          <form class="site-search" role="search" action="{$root}search.html" method="get">
            <label for="site-search-q">Search the edition</label>
            <input id="site-search-q" name="q" type="search"/>
            <button type="submit">Search</button>
          </form>
        </header>
        <main id="main" tabindex="-1">
          <xsl:sequence select="$content"/>
          <xsl:apply-templates select="$content-of" mode="site:content"/>
        </main>
        <footer class="site-footer">
          <p>
            <xsl:value-of select="$site-title"/>
            <xsl:if test="$site-publisher">
              <xsl:value-of select="'. Published by ' || $site-publisher"/>
            </xsl:if>
            <xsl:if test="$site-date">
              <xsl:value-of select="', ' || $site-date"/>
            </xsl:if>
            <xsl:text>.</xsl:text>
          </p>
          <xsl:if test="$site-licence">
            <p>
              <xsl:choose>
                <xsl:when test="tc:safe-url($site-licence-url)">
                  <a href="{tc:safe-url($site-licence-url)}" rel="license">
                    <xsl:value-of select="$site-licence"/>
                  </a>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:value-of select="$site-licence"/>
                </xsl:otherwise>
              </xsl:choose>
            </p>
          </xsl:if>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- The sortable date of a document: sent, else its docDate or dateline, else the date the
       header says it was created (FRUS: date[@type='created']), else ''. -->
  <xsl:function name="site:date" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="string((
        $tei/tei:teiHeader//tei:correspAction[@type = 'sent']/tei:date/(@when, @when-iso,
                                                                        @notBefore),
        $tei/tei:text//tei:docDate/(@when, @when-iso),
        $tei/tei:text//tei:dateline//tei:date/(@when, @when-iso),
        $tei/tei:teiHeader//tei:date[@type = ('created', 'sent', 'written')]/(@when, @when-iso),
        $tei/tei:teiHeader//tei:sourceDesc//tei:date/(@when, @when-iso),
        '')[1])"/>
  </xsl:function>

  <!-- The date of a document as readers see it. -->
  <xsl:function name="site:date-label" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="d" select="site:date($tei)"/>
    <xsl:sequence select="
        if ($d castable as xs:date) then format-date(xs:date($d), '[D] [MNn] [Y]')
        else if ($d castable as xs:dateTime)
          then format-dateTime(xs:dateTime($d), '[D] [MNn] [Y], [H01]:[m01]')
        else if ($d castable as xs:gYearMonth) then format-date(xs:date($d || '-01'), '[MNn] [Y]')
        else if ($d) then $d else 'undated'"/>
  </xsl:function>

  <!-- The title of a document: its own, never its series' (tc:title, common.xsl). -->
  <xsl:function name="site:title" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="tc:title($tei)"/>
  </xsl:function>

  <!-- Sender -> recipient, as written in the header ('' when the header has neither). -->
  <xsl:function name="site:parties" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="actions" select="$tei/tei:teiHeader//tei:correspDesc/tei:correspAction"/>
    <xsl:variable name="from" select="normalize-space(string-join(
        $actions[@type = 'sent']/(tei:persName | tei:orgName)[1]//text()))"/>
    <xsl:variable name="to" select="normalize-space(string-join(
        $actions[@type = 'received']/(tei:persName | tei:orgName)[1]//text()))"/>
    <xsl:sequence select="if ($from and $to) then $from || ' → ' || $to
                          else string-join(($from, $to), '')"/>
  </xsl:function>

  <!-- A person's name in a language, as readers call them: -->
  <xsl:function name="site:person-name" as="xs:string">
    <xsl:param name="person" as="element(tei:person)"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:variable name="n" select="($person/tei:persName[@xml:lang = $lang],
                                    $person/tei:persName[not(@xml:lang)])[1]"/>
    <!-- "William J. Clinton", not "William J. Bill Clinton": the nickname is not said -->
    <xsl:sequence select="if ($n) then normalize-space(string-join(
        $n//text()[not(ancestor::tei:addName[@type = 'nickname'])])) else ''"/>
  </xsl:function>

  <!-- The document type (genre) as readers see it, e.g. 'Cable', 'Context article'. -->
  <xsl:function name="site:genre" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="g" select="tokenize($tei/tei:teiHeader//tei:catRef[@scheme = '#genre']
                                            /@target, '\s+')[1]"/>
    <xsl:sequence select="
        if ($g = '#genre-cable') then 'cable'
        else if ($g = '#genre-article') then 'context article'
        else if ($g) then replace(substring-after($g, '#genre-'), '-', ' ')
        else if ($tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc//tei:bibl[@type = 'imported'])
          then 'imported document'
        else 'document'"/>
  </xsl:function>

</xsl:stylesheet>
