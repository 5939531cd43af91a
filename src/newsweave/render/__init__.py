"""Rendering a :class:`~newsweave.render.schema.Brief` for people (Markdown, HTML) and for programs (JSON)."""

from __future__ import annotations

from typing import Literal

from newsweave.render.schema import Brief

Format = Literal["md", "json", "html"]
FORMATS: tuple[Format, ...] = ("md", "json", "html")


def render(brief: Brief, fmt: Format) -> str:
    """The brief in one output format; each is deterministic, so the same brief always gives the same text."""
    if fmt == "json":
        return brief.to_json()
    if fmt == "md":
        return brief.to_markdown()
    if fmt == "html":
        return brief.to_html()
    raise ValueError(f"unknown output format {fmt!r}: choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "Brief", "Format", "render"]
