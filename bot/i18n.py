"""Message catalogues: English msgids, a zh-CN catalogue, read with Babel from the shipped .po files."""

from __future__ import annotations

import gettext
from functools import cache
from importlib import resources
from io import BytesIO

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("zh", "en")


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue for a language; English is the msgid language and needs none.

    Every .po file in the language's folder is read (one per feature area keeps merges painless).
    """
    if language == "en":
        return gettext.NullTranslations()
    folder = resources.files("bot").joinpath(f"locales/{language}/LC_MESSAGES")
    merged = Catalog(locale=language)
    for po in sorted((f for f in folder.iterdir() if f.name.endswith(".po")), key=lambda f: f.name):
        with po.open("rb") as source:
            for message in read_po(source, locale=language):
                if message.id:
                    merged[message.id] = message
    # Compiled in memory so that a fresh checkout needs no `pybabel compile` step.
    compiled = BytesIO()
    write_mo(compiled, merged)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def pick_language(*, stored: str | None, telegram_code: str | None, default: str) -> str:
    """The member's own choice, else Telegram's language when it is English, else the default."""
    if stored in LANGUAGES:
        return stored
    if telegram_code and telegram_code.lower().startswith("en"):
        return "en"
    if telegram_code and telegram_code.lower().startswith("zh"):
        return "zh"
    return default


class Texts:
    """The `_` of one reply: every user-facing string goes through here."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._translations = translations(language)

    def _(self, message: str) -> str:
        return self._translations.gettext(message)

    def n_(self, singular: str, plural: str, count: int) -> str:
        return self._translations.ngettext(singular, plural, count)
