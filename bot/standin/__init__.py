"""An in-process Telegram Bot API stand-in for tests and the offline console."""

from bot.standin.driver import StandInDriver, replies_text
from bot.standin.model import ApiCall, CallbackAnswer, FakeChat, FakeMessage, FakeUser, SentFile
from bot.standin.request import StandInRequest
from bot.standin.server import IMPLEMENTED_METHODS, FakeTelegram
from bot.standin.spec import load_spec

__all__ = [
    "IMPLEMENTED_METHODS",
    "ApiCall",
    "CallbackAnswer",
    "FakeChat",
    "FakeMessage",
    "FakeTelegram",
    "FakeUser",
    "SentFile",
    "StandInDriver",
    "StandInRequest",
    "load_spec",
    "replies_text",
]
