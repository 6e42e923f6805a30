"""Who is talking to the bot: their membership and the language to answer in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import User

from bot.i18n import Texts, pick_language
from bot.state import AppState
from models.members import Member, member_by_telegram_id


@dataclass(frozen=True)
class Speaker:
    """The sender of an update: their member row (None for strangers) and their Texts."""

    member: Member | None
    t: Texts

    @property
    def active(self) -> Member | None:
        return self.member if self.member is not None and self.member.is_active else None


async def identify(*, session: AsyncSession, user: User, state: AppState) -> Speaker:
    member = await member_by_telegram_id(session=session, telegram_user_id=user.id)
    language = pick_language(
        stored=member.language if member else None,
        telegram_code=user.language_code,
        default=state.settings.default_language,
    )
    return Speaker(member=member, t=Texts(language))
