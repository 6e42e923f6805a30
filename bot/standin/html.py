"""Parse Telegram-flavoured HTML the way the Bot API does, to get the text a user sees and its entities."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

# Tag → (entity type, attributes the tag may carry). Aliases map to the same entity, as in Telegram.
_TAGS: dict[str, tuple[str, frozenset[str]]] = {
    "b": ("bold", frozenset()),
    "strong": ("bold", frozenset()),
    "i": ("italic", frozenset()),
    "em": ("italic", frozenset()),
    "u": ("underline", frozenset()),
    "ins": ("underline", frozenset()),
    "s": ("strikethrough", frozenset()),
    "strike": ("strikethrough", frozenset()),
    "del": ("strikethrough", frozenset()),
    "span": ("spoiler", frozenset({"class"})),
    "tg-spoiler": ("spoiler", frozenset()),
    "a": ("text_link", frozenset({"href"})),
    "code": ("code", frozenset({"class"})),
    "pre": ("pre", frozenset()),
    "blockquote": ("blockquote", frozenset({"expandable"})),
    "tg-emoji": ("custom_emoji", frozenset({"emoji-id"})),
    "tg-time": ("date_time", frozenset({"unix", "format"})),
}

_START_TAG = re.compile(
    r"([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*"
)
_ATTRIBUTE = re.compile(r"\s+([a-zA-Z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")


class EntityParseError(ValueError):
    """Text that Telegram answers with "Bad Request: can't parse entities: …"."""


@dataclass
class ParsedText:
    """The text as shown to the user, and the formatting entities found in the markup."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    attributes: dict[str, str]
    offset: int  # in UTF-16 code units, as entity offsets are


def utf16_length(text: str) -> int:
    """Count UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(markup: str) -> ParsedText:
    """Strip the tags and unescape the entities of `markup`, or raise EntityParseError."""
    out: list[str] = []
    length = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(markup):
        char = markup[i]
        if char == "<":
            end = markup.find(">", i)
            if end == -1:
                raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(markup, i)}")
            inside = markup[i + 1 : end]
            if inside.startswith("/"):
                _close(inside[1:].strip().lower(), stack, entities, length, markup, i)
            else:
                stack.append(_open(inside, length, markup, i))
            i = end + 1
        elif char == "&":
            match = _ENTITY.match(markup, i)
            if match is None:
                raise EntityParseError(f"Unsupported HTML entity at byte offset {_byte_offset(markup, i)}")
            piece = html.unescape(match.group())
            out.append(piece)
            length += utf16_length(piece)
            i = match.end()
        else:
            out.append(char)
            length += utf16_length(char)
            i += 1
    if stack:
        raise EntityParseError(f"Can't find end tag corresponding to start tag {stack[-1].name}")
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText(text="".join(out), entities=entities)


def _byte_offset(markup: str, index: int) -> int:
    return len(markup[:index].encode("utf-8"))


def _open(inside: str, offset: int, markup: str, index: int) -> _OpenTag:
    match = _START_TAG.fullmatch(inside)
    name = match.group(1).lower() if match else ""
    if match is None or name not in _TAGS:
        raise EntityParseError(
            f'Unsupported start tag "{name or inside[:20]}" at byte offset {_byte_offset(markup, index)}'
        )
    attributes = {
        a.group(1).lower(): next((g for g in a.groups()[1:] if g is not None), "")
        for a in _ATTRIBUTE.finditer(match.group(2))
    }
    allowed = _TAGS[name][1]
    for attribute in attributes:
        if attribute not in allowed:
            # Telegram ignores unknown attributes on most tags; refusing them keeps our markup honest.
            raise EntityParseError(f'Unsupported attribute "{attribute}" of tag "{name}"')
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise EntityParseError('Tag "span" must have class "tg-spoiler"')
    if name == "a" and "href" not in attributes:
        raise EntityParseError('Tag "a" must have attribute "href"')
    return _OpenTag(name=name, attributes=attributes, offset=offset)


def _close(
    name: str, stack: list[_OpenTag], entities: list[dict[str, Any]], offset: int, markup: str, index: int
) -> None:
    if not stack:
        raise EntityParseError(f'Unexpected end tag "{name}" at byte offset {_byte_offset(markup, index)}')
    tag = stack.pop()
    if name != tag.name:
        raise EntityParseError(f"Can't find end tag corresponding to start tag {tag.name}")
    if offset == tag.offset:
        return  # Telegram drops empty entities.
    entity: dict[str, Any] = {"type": _TAGS[tag.name][0], "offset": tag.offset, "length": offset - tag.offset}
    if tag.name == "a":
        entity["url"] = tag.attributes["href"]
    elif tag.name == "blockquote" and "expandable" in tag.attributes:
        entity["type"] = "expandable_blockquote"
    elif tag.name == "tg-emoji":
        entity["custom_emoji_id"] = tag.attributes.get("emoji-id", "")
    elif tag.name == "code" and stack and stack[-1].name == "pre":
        # <pre><code class="language-x"> is one pre entity with a language, not a code entity.
        language = tag.attributes.get("class", "").removeprefix("language-")
        if language:
            stack[-1].attributes["language"] = language
        return
    elif tag.name == "pre" and "language" in tag.attributes:
        entity["language"] = tag.attributes["language"]
    entities.append(entity)
