"""Stable identities for results in CI products that track them across runs (code scanning, GitLab Code
Quality): a hash of the rule, the repository path and what the result is about, never the message or the line,
so an alert survives edits elsewhere in the journey; an ordinal tells identical keys apart.
"""

from __future__ import annotations

import hashlib

SARIF_KEY = "tpscore/v1"


class Fingerprints:
    """Hands out fingerprints for one run, counting repeats of the same key."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, *parts: str) -> tuple[str, int]:
        """(hex digest, ordinal) for the key ``parts``: 1 the first time, 2 the second..."""
        digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]
        ordinal = self._seen[digest] = self._seen.get(digest, 0) + 1
        return digest, ordinal

    def sarif(self, *parts: str) -> dict[str, str]:
        """SARIF ``partialFingerprints``: tpscore's own key, and ``primaryLocationLineHash``, the one GitHub
        computes itself when a file is uploaded through its action: given here, direct API uploads are tracked
        too, and the value does not change when lines move (GitHub's own hash is of the line's text)."""
        digest, ordinal = self(*parts)
        return {SARIF_KEY: f"{digest}:{ordinal}", "primaryLocationLineHash": f"{digest[:16]}:{ordinal}"}

    def single(self, *parts: str) -> str:
        """One opaque string, unique within the run (GitLab keeps one issue per fingerprint)."""
        digest, ordinal = self(*parts)
        return digest if ordinal == 1 else hashlib.sha256(f"{digest}:{ordinal}".encode()).hexdigest()[:32]
