"""Reading an HTML page for the checks a status code cannot answer: soft 404s, bot challenges and fragments.

Standard library only. Reading stops as soon as the question is answered (every wanted id seen; without wanted
ids, 4 KiB past the first `</h1>`) or at a byte cap:
- `PAGE_BYTES` (2 MiB) for a page that fragments point into: a fragment not seen by then stays `ok`, with a note;
- `CUE_BYTES` (256 KiB) for a page read only for its title, first heading and opening text (soft 404s);
- `CHALLENGE_BYTES` (64 KiB) of a 403/429/503 answer, to tell a bot challenge from a refusal or an outage.
Two looks, so that a thousand healthy pages cost little CPU: a quick one with regular expressions (title, first
heading, ids, text without tags), enough to say a page is plainly fine (every wanted id there, no word of "not
found", not an empty app shell); anything else is read again by `html.parser`, whose view alone can make a link
broken. The quick look errs only towards "fine" (an id inside a script still counts), never towards broken.
Nothing here touches the network: `read_page` takes the chunks of a streamed response.
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

PAGE_BYTES = 2 * 1024 * 1024
CUE_BYTES = 256 * 1024
CHALLENGE_BYTES = 64 * 1024
TEXT_CHARS = 2000  # visible text kept for comparing a page with the host's answer to a path that cannot exist

# A title or heading that *is* a not-found message ("404", "Page not found", "404 – Page Not Found | Site"), not
# one that merely mentions it ("Custom 404 pages", "Handling Not Found errors"): each part of a title split at
# " | ", " - ", " — ", " · ", ":" must match as a whole.
_MISSING = (
    r"(?:not\s+found|(?:could\s+not|couldn'?t|cannot)\s+be\s+found|(?:does\s+not|doesn'?t|no\s+longer)\s+exists?)"
)
_NOT_FOUND = re.compile(
    rf"^(?:(?:http\s*)?(?:error\s*)?(?:404|410)\s*(?:error)?(?:[\s.:!-]*(?:(?:the\s+)?(?:page|file|document)\s+)?{_MISSING})?"
    rf"|(?:oops[\s.!,]*)?(?:(?:the\s+)?(?:page|file|document|resource)\s+)?{_MISSING})[\s.!]*$",
    re.IGNORECASE,
)
_TITLE_SPLIT = re.compile(r"\s+[|\-–—·:]\s+|\s*[|–—·]\s*|:\s+")
# Phrases in a page's opening text that say it is a not-found page (used only together with a likeness to the
# host's answer to a path that cannot exist, never alone).
_NOT_FOUND_TEXT = (  # plain substrings of the lower-cased text: a thousand pages are searched in no time
    "not found",
    "404",
    "could not be found",
    "couldn't be found",
    "could not find",
    "couldn't find",
    "can't find",
    "cannot find",
    "does not exist",
    "doesn't exist",
    "no longer exist",
    "nothing found",
    "nothing was found",
    "page is missing",
    "page is gone",
)
_NOT_FOUND_WORDS = ("found", "404", "find", "exist", "missing", "gone")  # each phrase has one: a cheap first look
# Bot challenges: the interstitial pages of the common bot walls (Cloudflare, DDoS-Guard, Sucuri, Imperva,
# AWS WAF, Vercel), found in the first CHALLENGE_BYTES of a 403/429/503 answer.
_CHALLENGE = re.compile(
    r"<title>\s*(?:just a moment\.*|attention required!? \| cloudflare|ddos-guard|checking your browser[^<]*"
    r"|one moment, please\.*|vercel security checkpoint)\s*</title>"
    r"|/cdn-cgi/challenge-platform/|cf-browser-verification|cf_chl_opt|_incapsula_resource|sucuri website firewall"
    r"|awswafintegration|challenge\.js",
    re.IGNORECASE,
)
# Scripts that put ids on headings after the page loads (anchor-js, tocbot, GitHub's user-content ids, ...).
_ANCHOR_SCRIPTS = re.compile(
    r"anchor(?:-|\.)?js|anchors\.add\(|tocbot|\.id\s*=|setattribute\(\s*['\"]id['\"]", re.IGNORECASE
)


@dataclass(frozen=True)
class Page:
    """What was read of an HTML page: enough to judge a soft 404 and its fragments."""

    html: bool = True  # False: not an HTML page (a PDF, JSON, ...), nothing else is filled in
    title: str = ""
    heading: str = ""  # the first <h1>
    text: str = ""  # the opening visible text, lower case, whitespace folded, at most TEXT_CHARS
    ids: frozenset[str] = field(default_factory=frozenset)  # the wanted anchors found (ids and <a name>)
    scripted: bool = False  # builds its content or anchors with JavaScript (see `_Reader.scripted`)
    script_ids: frozenset[str] = field(default_factory=frozenset)  # wanted anchors named only in its scripts
    complete: bool = True  # the whole document was read (not cut at the byte cap)
    bytes_read: int = 0

    def words(self) -> set[str]:
        return set(re.findall(r"\w+", self.text))


def is_html(content_type: str | None) -> bool:
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    return kind in ("", "text/html", "application/xhtml+xml")


def charset(content_type: str | None) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    if match:
        try:
            return codecs.lookup(match.group(1)).name
        except LookupError:
            pass
    return "utf-8"


def read_page(
    chunks: Iterable[bytes], content_type: str | None, wanted: Iterable[str] = (), limit: int = CUE_BYTES
) -> Page:
    """Read a streamed page until the wanted anchors and the first heading are in, or `limit` bytes."""
    if not is_html(content_type):
        return Page(html=False)
    wanted = set(wanted)
    data, found, heading_end, complete = bytearray(), set(), -1, True
    for chunk in chunks:
        start = max(0, len(data) - 512)  # an id may straddle two chunks
        data += chunk[: limit - len(data)]
        if wanted - found:
            found |= _quick_ids(bytes(data[start:]), wanted)
        if heading_end < 0 and b"</h1" in data[start:].lower():
            heading_end = len(data)
        if len(data) >= limit or (found >= wanted if wanted else 0 <= heading_end <= len(data) - 4096):
            complete = False  # the cap, or what we came for is in
            break
    text = bytes(data).decode(charset(content_type), errors="replace")
    page = _quick_look(text, wanted, found, complete, len(data))
    return page if page is not None else _parse(text, wanted, complete, len(data))


_QUICK_ID_BEFORE = re.compile(rb"""\s(?:id|name)\s*=\s*["']?(?:user-content-)?$""", re.IGNORECASE)
# Every pattern of the quick look runs in time linear in the page, whatever a hostile page holds (no unbounded
# lazy match that could rescan the rest of the page from each of thousands of unclosed tags).
_QUICK_TITLE = re.compile(r"<title[^<>]{0,200}>([^<]{0,1000})</title", re.IGNORECASE)
_QUICK_H1 = re.compile(r"<h1(?:\s[^<>]{0,500})?>", re.IGNORECASE)
_QUICK_H1_END = re.compile(r"</h1", re.IGNORECASE)
_QUICK_HIDDEN = re.compile(r"<(script|style|template|noscript)\b|<!--", re.IGNORECASE)
_QUICK_TAG = re.compile(r"<[^<>]*>")


def _quick_ids(data: bytes, wanted: set[str]) -> set[str]:
    """The wanted ids written plainly as `id=` or `name=` values (an entity-encoded one is left to the parser)."""
    found = set()
    for name in wanted:
        raw = name.encode()
        at = data.find(raw)
        while at >= 0 and name not in found:
            end = at + len(raw)
            if data[end : end + 1] in (b'"', b"'", b">", b"/", b" ", b"\t", b"\n") and _QUICK_ID_BEFORE.search(
                data[max(0, at - 64) : at]
            ):
                found.add(name)
            at = data.find(raw, end)
    return found


def _quick_look(text: str, wanted: set[str], found: set[str], complete: bool, read: int) -> Page | None:
    """The page as regular expressions see it, when that is plainly fine; None when it needs a closer look.

    Plainly fine: every wanted id is there, no not-found phrase anywhere in the HTML (scripts and attributes
    included, so this errs towards the closer look), and not an app shell (scripts and next to no text). Its
    `text` is left empty: only a page showing a sign is ever compared with another.
    """
    lower = text.lower()
    if found < wanted or _says_not_found(lower):
        return None
    if "<script" in lower and len(_fold(_QUICK_TAG.sub(" ", _without_hidden(lower)))) < 200:
        return None
    title = _QUICK_TITLE.search(text)
    heading = ""
    if (opening := _QUICK_H1.search(text)) and (
        closing := _QUICK_H1_END.search(text, opening.end(), opening.end() + 2000)
    ):
        heading = _fold(html.unescape(_QUICK_TAG.sub(" ", text[opening.end() : closing.start()])))
    return Page(
        title=_fold(html.unescape(title.group(1))) if title else "",
        heading=heading,
        ids=frozenset(found),
        complete=complete,
        bytes_read=read,
    )


def _without_hidden(lower: str) -> str:
    """The lower-cased page without its scripts, styles, templates, noscripts and comments, in one pass."""
    kept, position = [], 0
    while (start := _QUICK_HIDDEN.search(lower, position)) is not None:
        kept.append(lower[position : start.start()])
        closer = "-->" if start.group() == "<!--" else f"</{start.group(1)}"
        end = lower.find(closer, start.end())
        if end < 0:
            return " ".join(kept)
        position = end + len(closer)
    kept.append(lower[position:])
    return " ".join(kept)


def _parse(text: str, wanted: set[str], complete: bool, read: int) -> Page:
    reader = _Reader(wanted)
    for start in range(0, len(text), 65536):
        reader.feed(text[start : start + 65536])
    # No reader.close(): it would only flush an unfinished construct at the end, and on this Python (before
    # 3.11.13) HTMLParser takes quadratic time doing so for thousands of unclosed "<!--" or "<title" (seconds for
    # 240 KB); fed in pieces, such a page costs milliseconds. Every finished tag and text run was seen by then.
    return Page(
        title=_fold(reader.title),
        heading=_fold(reader.heading),
        text=_fold("".join(reader.text))[:TEXT_CHARS].lower(),
        ids=frozenset(reader.found),
        scripted=reader.scripted(),
        script_ids=frozenset(reader.in_scripts - reader.found),
        complete=complete,
        bytes_read=read,
    )


def not_found_phrase(text: str) -> bool:
    """True when a title or heading is a not-found message (some part of it, split at separators, is one)."""
    parts = [part for part in _TITLE_SPLIT.split(text.strip()) if part.strip()]
    return any(re.search(r"\w", part) and _NOT_FOUND.match(part.strip()) for part in parts) if parts else False


def says_not_found(page: Page) -> bool:
    """The page's title, first heading or opening text carries a not-found phrase."""
    return _says_not_found(" ".join((page.title, page.heading, page.text)))


def _says_not_found(text: str) -> bool:
    text = text.lower()
    if "\u2019" in text:
        text = text.replace("\u2019", "'")  # couldn’t
    if not any(word in text for word in _NOT_FOUND_WORDS):
        return False
    return any(phrase in text for phrase in _NOT_FOUND_TEXT)


def first_bytes(chunks: Iterable[bytes], limit: int) -> bytes:
    """The first `limit` bytes of a streamed body."""
    data = b""
    for chunk in chunks:
        data += chunk
        if len(data) >= limit:
            break
    return data[:limit]


def challenge_in(head: bytes) -> bool:
    """The opening bytes of a 403/429/503 answer are a bot wall's challenge page."""
    return bool(_CHALLENGE.search(head.decode("utf-8", errors="replace")))


def anchor_name(fragment: str) -> str:
    """The id a URL fragment asks for (percent-decoded, as browsers do)."""
    return unquote(fragment)


def not_an_anchor(fragment: str) -> bool:
    """Fragments that name no element: empty, #top, text fragments (`:~:text=`), client-side routes (`#/path`,
    `#!/`), and GitHub's line anchors (`#L10-L20`), which its pages build with JavaScript."""
    return (
        not fragment
        or fragment.lower() == "top"
        or ":~:" in fragment
        or fragment.startswith(("/", "!"))
        or re.fullmatch(r"L\d+(?:-L\d+)?", fragment) is not None
    )


def _fold(text: str) -> str:
    return " ".join(text.split())


class _Reader(HTMLParser):
    """Collects the title, first <h1>, opening text, wanted anchors and signs of a page built by JavaScript."""

    def __init__(self, wanted: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.found: set[str] = set()
        self.title = ""
        self.heading = ""
        self.text: list[str] = []
        self._chars = 0
        self._in: list[str] = []  # open title / h1 / script / style / noscript / template elements
        self._title_done = False
        self._heading_done = False
        self._scripts = 0
        self._anchor_script = False
        self.in_scripts: set[str] = set()  # wanted anchors named inside scripts (GitHub's file views, JSON data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            value = values.get(name)
            if value:
                self._mark(value)
        if tag == "script":
            self._scripts += 1
            if _ANCHOR_SCRIPTS.search(values.get("src") or ""):
                self._anchor_script = True
        if tag in ("title", "h1", "script", "style", "noscript", "template"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass
            if tag == "title" and self.title:
                self._title_done = True
            if tag == "h1" and self.heading:
                self._heading_done = True

    def handle_data(self, data: str) -> None:
        if "script" in self._in:
            if not self._anchor_script and _ANCHOR_SCRIPTS.search(data):
                self._anchor_script = True
            self.in_scripts.update(name for name in self.wanted - self.in_scripts if name in data)
            return
        if "style" in self._in or "template" in self._in:
            return
        if "title" in self._in and not self._title_done:
            self.title += data
            return
        if "h1" in self._in and not self._heading_done:
            self.heading += data
        if "noscript" not in self._in and self._chars < TEXT_CHARS and data.strip():
            self.text.append(data + " ")
            self._chars += len(data) + 1

    def _mark(self, value: str) -> None:
        if value in self.wanted:
            self.found.add(value)
        elif value.startswith("user-content-") and value[len("user-content-") :] in self.wanted:
            self.found.add(value[len("user-content-") :])  # GitHub prefixes README anchors; its script maps #x

    def scripted(self) -> bool:
        """Built in the browser: a script that sets ids or anchors, or scripts and next to no text (an app shell)."""
        return self._anchor_script or (self._scripts > 0 and self._chars < 200)
