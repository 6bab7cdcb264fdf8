"""Identifiers (slugs) made from human names, unique within one journey."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 100  # journey.schema.json's $defs/slug maxLength
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def slugify(text: str, fallback: str = "item") -> str:
    """``"Pay the bill (online)"`` -> ``"pay-the-bill-online"``: lower-case ASCII letters, digits and
    hyphens, as the journey format's ids require. Accents are dropped (``Café`` -> ``cafe``); a name
    with no usable character gives ``fallback``."""
    if _SLUG.match(text) and len(text) <= MAX_SLUG:
        return text  # already an id (an exported stage, say): keep it exactly
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-") or fallback


class SlugMaker:
    """Hands out slugs that are unique among those it made: the second ``Call`` becomes ``call-2``."""

    def __init__(self, fallback: str = "item") -> None:
        self.fallback = fallback
        self.taken: set[str] = set()

    def __call__(self, text: str) -> str:
        base = slugify(text, self.fallback)
        slug, number = base, 1
        while slug in self.taken:
            number += 1
            suffix = f"-{number}"
            slug = base[:MAX_SLUG - len(suffix)].rstrip("-") + suffix
        self.taken.add(slug)
        return slug
