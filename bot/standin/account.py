"""The stand-in's Bot API methods about the bot itself: identity, updates, webhook, commands, files, chats."""

from __future__ import annotations

import json
import re

from bot.standin.messaging import Call, Method
from bot.standin.model import ApiError, FakeUser, JSONDict, bad_request
from bot.standin.state import BotWorld

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


def get_me(world: BotWorld, call: Call) -> object:
    """Describe the bot."""
    return {
        **world.bot.to_json(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def get_updates(world: BotWorld, call: Call) -> object:
    """Confirm the updates below `offset` and return the pending ones."""
    if world.webhook_url:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
            "the webhook first",
        )
    offset = call.get("offset")
    if isinstance(offset, int) and offset < 0:
        del world.pending_updates[:offset]
    elif isinstance(offset, int):
        world.pending_updates[:] = [u for u in world.pending_updates if u["update_id"] >= offset]
    limit = call.get("limit")
    return world.pending_updates[: limit if isinstance(limit, int) and 1 <= limit <= 100 else 100]


def set_webhook(world: BotWorld, call: Call) -> object:
    """Remember the webhook URL; the stand-in never calls it."""
    world.webhook_url = call.text("url") or ""
    if call.get("drop_pending_updates") is True:
        world.pending_updates.clear()
    return True


def delete_webhook(world: BotWorld, call: Call) -> object:
    """Forget the webhook URL."""
    world.webhook_url = ""
    if call.get("drop_pending_updates") is True:
        world.pending_updates.clear()
    return True


def get_webhook_info(world: BotWorld, call: Call) -> object:
    """Describe the webhook."""
    return {
        "url": world.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(world.pending_updates),
    }


def _commands_key(call: Call) -> str:
    scope = call.get("scope") or {"type": "default"}
    return json.dumps([scope, call.text("language_code") or ""], sort_keys=True)


def set_my_commands(world: BotWorld, call: Call) -> object:
    """Store the command menu for a scope and language."""
    commands = call.get("commands")
    assert isinstance(commands, list)  # the spec check made sure
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        if not _COMMAND.fullmatch(command["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command["description"]) <= 256:
            raise bad_request("command description must be 1-256 characters")
    world.commands[_commands_key(call)] = commands
    return True


def get_my_commands(world: BotWorld, call: Call) -> object:
    """Return the command menu for a scope and language."""
    return world.commands.get(_commands_key(call), [])


def delete_my_commands(world: BotWorld, call: Call) -> object:
    """Remove the command menu for a scope and language."""
    world.commands.pop(_commands_key(call), None)
    return True


def get_file(world: BotWorld, call: Call) -> object:
    """Give the download path of a file a user or the bot sent."""
    stored = world.files.get(call.text("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    return stored.to_json()


def get_chat(world: BotWorld, call: Call) -> object:
    """Describe a chat the bot knows."""
    chat = world.known_chat(call.get("chat_id"))
    if chat is None:
        raise bad_request("chat not found")
    no_gifts = dict.fromkeys(
        ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription", "gifts_from_channels"),
        False,
    )
    return {**chat.to_json(), "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": no_gifts}


def get_chat_member(world: BotWorld, call: Call) -> object:
    """Say whether a user is an administrator or a plain member of a chat."""
    chat = world.known_chat(call.get("chat_id"))
    if chat is None:
        raise bad_request("chat not found")
    user = world.user_by_id(call.get("user_id"))  # type: ignore[arg-type]  # the spec check made it an int
    if user is None:
        raise bad_request("user not found")
    if user.is_bot and chat.id in world.removed_from:
        return {"status": "left", "user": user.to_json()}
    if user.id in world.admins.get(chat.id, set()):
        return _administrator(user)
    return {"status": "member", "user": user.to_json()}


def _administrator(user: FakeUser) -> JSONDict:
    rights = [
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
    ]
    return {
        "status": "administrator",
        "user": user.to_json(),
        "can_be_edited": False,
        "is_anonymous": False,
        **dict.fromkeys(rights, True),
    }


def leave_chat(world: BotWorld, call: Call) -> object:
    """Take the bot out of a group."""
    chat = world.known_chat(call.get("chat_id"))
    if chat is None:
        raise bad_request("chat not found")
    if not chat.is_group:
        raise bad_request("chat member status can't be changed in private chats")
    world.removed_from.add(chat.id)
    return True


def accept(world: BotWorld, call: Call) -> object:
    """Answer True and do nothing (close, logOut)."""
    return True


ACCOUNT_METHODS: dict[str, Method] = {
    "getMe": get_me,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "getFile": get_file,
    "getChat": get_chat,
    "getChatMember": get_chat_member,
    "leaveChat": leave_chat,
    "close": accept,
    "logOut": accept,
}
