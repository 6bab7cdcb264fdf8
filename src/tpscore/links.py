"""Links machine formats may put in front of users: only ones that exist.

The project's home is whatever the installed package declares (``[project.urls] Repository`` in
pyproject.toml); with none declared, formats leave links out rather than point at a page that is not there.
Rule pages live in the repository at ``docs/rules/CODE.md`` (generated from the rules' docstrings).
"""

from __future__ import annotations

from functools import cache

URL_LABELS = ("repository", "source", "homepage")  # [project.urls] keys, most specific first


@cache
def project_url() -> str | None:
    """The repository URL the installed package declares, without a trailing slash; None when unknown."""
    from importlib import metadata

    try:
        entries = metadata.metadata("tpscore").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    urls = {}
    for entry in entries:
        label, _, url = entry.partition(",")
        urls[label.strip().lower()] = url.strip().rstrip("/")
    return next((urls[label] for label in URL_LABELS if urls.get(label, "").startswith("https://")), None)


def rule_doc_url(code: str) -> str | None:
    """The documentation page of rule ``code`` in the repository (``docs/rules/CODE.md``), when known."""
    base = project_url()
    return f"{base}/blob/main/docs/rules/{code}.md" if base else None
