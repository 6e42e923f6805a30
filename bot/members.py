"""Who is talking to the bot: their membership and the language to answer in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update, User

from bot.i18n import Texts, pick_language
from bot.state import AppState, Context
from models.organisation.members import Member, member_with_area_path
from models.organisation.permissions import Action, Actor, Target, actor_from, can

LAST_SEEN_STEP = timedelta(hours=1)


@dataclass(frozen=True)
class Speaker:
    """The sender of an update: their member row (None for strangers), what they may do, their Texts."""

    member: Member | None
    actor: Actor | None
    t: Texts

    @property
    def active(self) -> Member | None:
        return self.member if self.member is not None and self.member.is_active else None

    def refusal(self, otherwise: str) -> str:
        """The answer to someone who may not do this: a member who is not active (as /start says) is told
        so, not to ask for an invite; anyone else hears `otherwise`."""
        if self.member is not None and not self.member.is_active:
            return self.t._("Your membership is disabled. Ask your coordinator to enable it again.")
        return otherwise

    def can(self, action: Action, target: Target | None = None) -> bool:
        return can(self.actor, action, target)

    def can_in_own_area(self, action: Action) -> bool:
        """Whether the member may do the action in their own area (the entry check of a command)."""
        return self.actor is not None and can(self.actor, action, Target(area_path=self.actor.area_path))


async def identify(*, session: AsyncSession, user: User, state: AppState) -> Speaker:
    # One query for the member and where they stand: this runs for every update.
    found = await member_with_area_path(session=session, telegram_user_id=user.id)
    member, actor = (found[0], actor_from(*found)) if found else (None, None)
    if member is not None and user.language_code and member.telegram_language != user.language_code:
        member.telegram_language = user.language_code[:16]
    if member is not None and state.now() - member.last_seen_at > LAST_SEEN_STEP:
        member.last_seen_at = state.now()  # "last activity" for /members, written at most hourly
    language = pick_language(
        stored=member.language if member else None,
        telegram_code=user.language_code,
        default=state.settings.default_language,
    )
    return Speaker(member=member, actor=actor, t=Texts(language))


def texts_without_member(update: Update, context: Context) -> Texts:
    """The sender's language from Telegram alone, when their member row cannot be (or was not) read."""
    user = update.effective_user
    return Texts(
        pick_language(
            stored=None,
            telegram_code=user.language_code if user else None,
            default=context.bot_data.settings.default_language,
        )
    )


def member_texts(member: Member, state: AppState) -> Texts:
    """The language of a member the bot writes to first (news, notices): their choice, else Telegram's."""
    return Texts(
        pick_language(
            stored=member.language,
            telegram_code=member.telegram_language,
            default=state.settings.default_language,
        )
    )
