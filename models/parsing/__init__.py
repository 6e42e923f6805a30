"""Read free-form log messages into event drafts."""

from models.parsing.event_text import parse_event_text

__all__ = ["parse_event_text"]
