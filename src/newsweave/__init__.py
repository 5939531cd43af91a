"""newsweave: many articles from many outlets in, one cross-checked, fully attributed account of each event out.

The one entry point most users need is :func:`brief`::

    import newsweave
    result = newsweave.brief(["articles/"])
    print(result.to_markdown())
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Settings", "brief", "__version__"]

if TYPE_CHECKING:
    from newsweave.config import Settings
    from newsweave.pipeline import brief


def __getattr__(name: str) -> Any:
    # Imported lazily so that `import newsweave` stays cheap and the CLI starts fast.
    if name == "brief":
        from newsweave.pipeline import brief

        return brief
    if name == "Settings":
        from newsweave.config import Settings

        return Settings
    raise AttributeError(name)
