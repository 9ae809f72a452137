"""HTML in a record's text fields, as CMS exports and JSON APIs write bodies: its visible text.

>>> looks_like_html("<p>Rain &amp; wind.</p><p>Roads closed.</p>"), looks_like_html("a < b > c")
(True, False)
>>> html_to_text("<p>Rain &amp; wind.</p><p>Roads closed.</p>")
'Rain & wind.\\n\\nRoads closed.'

"""

from __future__ import annotations

import re

_BLOCK_TAGS = (
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "figure",
    "table",
    "tr",
    "ul",
    "ol",
    "pre",
    "section",
    "article",
    "header",
    "footer",
)


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment, one paragraph per block element.

    >>> html_to_text("<p>One &amp; <b>two</b></p><p>Three<br>four</p><script>x()</script>")
    'One & two\\n\\nThree\\nfour'
    >>> html_to_text("<p>a</p><p>b<![ x</p>")  # a marked section the parser rejects: dropped
    'a\\n\\nb'
    """
    from bs4 import (
        BeautifulSoup,  # here: 0.1-0.2 s of start-up, for HTML only
        ParserRejectedMarkup,  # bs4 4.12 has no bs4.exceptions module
    )

    try:
        soup = BeautifulSoup(html, "html.parser")
    except ParserRejectedMarkup:
        # A broken marked section ("<![ x"): dropped as markup, the tags around it read.
        soup = BeautifulSoup(_MARKED_SECTION.sub("", html), "html.parser")
    for hidden in soup(["script", "style", "noscript", "iframe"]):
        hidden.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_BLOCK_TAGS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    paragraphs = []
    for block in re.split(r"\n\s*\n", soup.get_text().replace("\r", "")):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


# An element's tag, its attributes with values (a lone "<" in prose is none, nor a wire's
# company name in brackets: "<Strong Point Inc>").
_ELEMENT = re.compile(
    r"</?(p|div|br|span|a|strong|em|b|i|u|ul|ol|li|h[1-6]|img|blockquote|figure|"
    r"figcaption|table|tr|td|section|article|header|footer|script|style|iframe|pre)"
    r"""(?:\s+[a-z_:][-\w:.]*\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))*\s*/?>""",
    re.IGNORECASE,
)
# A marked section other than CDATA ("<![ x", Word's "<![if !supportLists]>"), to its ">"
# or the next tag: what the parser rejects.
_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)[^<>]*>?")
_PARAGRAPH_TAGS = frozenset({"p", "br"})


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is written in HTML (a CMS's body), not prose that shows some: it
    opens with an element, or paragraphs and line breaks are marked up (at least two such
    tags, at least half of all its tags, and a tag closed or a line broken: a blog post
    quoting ``<div>`` and ``<script>`` code is prose).

    >>> looks_like_html("<p>Rain.</p>"), looks_like_html("Rain.<br>Wind.<br>Cold.")
    (True, True)
    >>> looks_like_html('Embed it with <div class="badge"> and <script src="b.js"></script>.')
    False
    >>> looks_like_html("<Strong Point Inc> said its unit will market the product.")
    False
    >>> looks_like_html("The sequence is ESC ] <P> ; TEXT BEL, where <P> is a digit.")
    False
    """
    head = text[:20_000]
    opening = _ELEMENT.match(head.lstrip())
    if opening:
        return True
    tags = [(match.group(0), match.group(1).lower()) for match in _ELEMENT.finditer(head)]
    paragraphs = sum(name in _PARAGRAPH_TAGS for _, name in tags)
    # Markup closes what it opens or breaks lines ("<P> is a digit" twice is prose).
    closed = any(tag.startswith("</") or name == "br" for tag, name in tags)
    return paragraphs >= 2 and 2 * paragraphs >= len(tags) and closed
