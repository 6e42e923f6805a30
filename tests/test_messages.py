"""Every string the bot says has a Chinese translation, and the catalogues are well formed."""

from __future__ import annotations

import string
import tokenize
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import bot
from bot.i18n import Texts, pick_language

BOT_DIR = Path(bot.__file__).parent


def _msgids() -> set[str]:
    found = extract_from_dir(
        str(BOT_DIR), method_map=[("**.py", "python")], keywords={"_": None, "n_": (1, 2)}
    )
    return {message if isinstance(message, str) else message[0] for _file, _line, message, _c, _ctx in found}


def _fields(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_message_has_a_chinese_translation_with_the_same_placeholders() -> None:
    catalog = []
    for path in sorted((BOT_DIR / "locales/zh/LC_MESSAGES").glob("*.po")):
        with path.open("rb") as po:
            catalog += list(read_po(po))
    msgids = _msgids()
    assert len(msgids) > 40  # the extractor found the handlers' strings, not nothing
    # A plural message's id and strings are tuples: (singular, plural) and one string per plural form.
    translated = {
        m.id[0] if isinstance(m.id, tuple) else m.id: m.string[0] if isinstance(m.string, tuple) else m.string
        for m in catalog
        if m.id and m.string and all(m.string)
    }
    missing = sorted(msgids - translated.keys())
    assert missing == [], f"no zh translation for: {missing}"
    for msgid in msgids:
        assert _fields(translated[msgid]) == _fields(msgid), msgid  # type: ignore[arg-type]


def test_strings_inside_f_strings_are_not_hidden_from_the_extractor() -> None:
    # Babel cannot see t._() inside an f-string, so such a string would silently stay English.
    offenders = []
    for path in BOT_DIR.rglob("*.py"):
        with path.open("rb") as source:
            for token in tokenize.tokenize(source.readline):
                prefix = token.string[:2].lower()
                if token.type == tokenize.STRING and "f" in prefix and "._(" in token.string:
                    offenders.append(f"{path.relative_to(BOT_DIR)}:{token.start[0]}")
    assert offenders == []


def test_the_language_follows_the_member_then_telegram_then_the_default() -> None:
    assert pick_language(stored="en", telegram_code="zh-hans", default="zh") == "en"
    assert pick_language(stored=None, telegram_code="en-GB", default="zh") == "en"
    assert pick_language(stored=None, telegram_code="zh-hant", default="en") == "zh"
    assert pick_language(stored=None, telegram_code="ru", default="zh") == "zh"
    assert pick_language(stored=None, telegram_code=None, default="en") == "en"


def test_chinese_and_english_say_different_things() -> None:
    assert Texts("zh")._("Save") == "保存"
    assert Texts("en")._("Save") == "Save"
