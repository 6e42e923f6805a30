"""/catalog for admins: the forms and themes with their words, and a new word, theme or form by message."""

from __future__ import annotations

from html import escape

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import CommandHandler

from bot.cards import bold
from bot.i18n import Texts
from bot.members import identify
from bot.private import reply_privately
from bot.state import Context
from models.catalog.admin_edits import (
    MAX_WORD,
    MIN_WORD,
    Entry,
    Outcome,
    Refusal,
    add_alias,
    add_entry,
    catalog_listing,
    remove_alias,
)
from models.organisation.permissions import Action

_VERBS = {
    "alias": "alias",
    "别名": "alias",
    "unalias": "unalias",
    "删除别名": "unalias",
    "theme": "theme",
    "主题": "theme",
    "form": "form",
    "形式": "form",
}
_WORDS_SHOWN = 8
_MOST_ALIASES = 10  # at a time, for a new theme or form


def usage(t: Texts) -> list[str]:
    return [
        t._("/catalog alias NAME WORD — a new word for a form or theme"),
        t._("/catalog unalias WORD — take back a word you added"),
        t._("/catalog theme NAME [WORD…] — a new theme"),
        t._("/catalog form NAME [WORD…] — a new form of outreach"),
        t._("e.g. /catalog alias 法律大集 普法赶大集"),
    ]


async def manage_catalog(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None:
        return
    state = context.bot_data
    words = context.args or []
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t = speaker.t
        if not speaker.can(Action.MANAGE_AREAS):
            refusal = speaker.refusal(t._("Only admins change the forms and themes."))
            await reply_privately(update, context, t, escape(refusal))
            return
        if words:
            reply = await _act(session, t, words)
        else:
            reply = await _listing(session, t)
    state.forget_catalog()  # the parser reads forms and themes from the catalogue
    await reply_privately(update, context, t, reply)


async def _act(session: AsyncSession, t: Texts, words: list[str]) -> str:
    verb, rest = _VERBS.get(words[0].casefold()), words[1:]
    if verb == "alias" and len(rest) == 2:
        return said(await add_alias(session=session, name=rest[0], word=rest[1]), t)
    if verb == "unalias" and len(rest) == 1:
        return said(await remove_alias(session=session, word=rest[0]), t)
    if verb in ("theme", "form") and 1 <= len(rest) <= 1 + _MOST_ALIASES:
        outcome = await add_entry(session=session, name=rest[0], aliases=rest[1:], theme=verb == "theme")
        return said(outcome, t, added=True)
    return "\n".join(escape(line) for line in [t._("I did not understand that. Write it as:"), *usage(t)])


def said(outcome: Outcome, t: Texts, *, added: bool = False) -> str:
    """The reply for an outcome: what changed, or why nothing did."""
    word, name = outcome.word, outcome.name or ""
    messages = {
        Refusal.TOO_SHORT: t._("“{word}” is too short: a word has at least {n} characters."),
        Refusal.TOO_LONG: t._("“{word}” is too long: a word has at most {n} characters."),
        Refusal.NOT_A_WORD: t._(
            "“{word}” cannot be a word for a form or theme: no spaces, quotes or 《》, not only digits."
        ),
        Refusal.NOT_FOUND: t._("No form or theme is called “{word}”. /catalog lists them."),
        Refusal.BOTH: t._("“{word}” names a form and a theme; use the name of the one you mean."),
        Refusal.TAKEN: t._("“{word}” already means {name}: a word means one form or theme only."),
        Refusal.SHIPPED: t._(
            "“{word}” comes with the bot's catalogue file and stays; only your own words can be taken back."
        ),
        Refusal.IS_NAME: t._("“{word}” is the name of {name}, not a word added to it."),
    }
    if outcome.refusal is not None:
        n = MIN_WORD if outcome.refusal is Refusal.TOO_SHORT else MAX_WORD
        return escape(messages[outcome.refusal].format(word=word, name=name, n=n))
    if added:
        done = t._("New theme: {name}.") if outcome.is_theme else t._("New form: {name}.")
    elif outcome.took_back:
        done = t._("“{word}” no longer means {name}.")
    else:
        done = t._("From now on “{word}” in a message means {name}.")
    return escape(done.format(word=word, name=name) + " " + t._("Messages already saved are not changed."))


async def _listing(session: AsyncSession, t: Texts) -> str:
    kinds, themes = await catalog_listing(session=session)
    lines = [
        bold(t._("Forms")),
        *(_line(k) for k in kinds),
        "",
        bold(t._("Themes")),
        *(_line(x) for x in themes),
    ]
    return "\n".join([*lines, "", *(escape(u) for u in usage(t))])


def _line(entry: Entry) -> str:
    words = [a for a in entry.aliases if a != entry.name_zh]
    shown = "、".join(words[:_WORDS_SHOWN]) + ("…" if len(words) > _WORDS_SHOWN else "")
    return "• " + escape(entry.name_zh + ("：" + shown if shown else ""))


HANDLERS = [CommandHandler("catalog", manage_catalog)]
