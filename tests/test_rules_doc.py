"""docs/rules.md, the rules the tool keeps for its users, names every policy key; the README links it and
nothing outside the repository."""

import dataclasses
import re
from pathlib import Path

from commscli.policy import Policy

ROOT = Path(__file__).resolve().parent.parent


def test_every_policy_key_is_named_in_the_rules():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+)`", text))
    missing = [f.name for f in dataclasses.fields(Policy) if f.name not in named]
    assert missing == []


def test_the_readme_links_only_inside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/rules.md" in readme
    for target in re.findall(r"\]\(([^)]+)\)", readme) + re.findall(r"`(\.\./[^`]+)`", readme):
        if target.startswith(("http://", "https://", "#")):
            continue
        assert not target.startswith(".."), target
        assert (ROOT / target).exists(), target
    assert "../shared" not in readme
