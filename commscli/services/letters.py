"""The letters register: a letter in or out, with a reference to the copy kept (its file's name and sha256)."""

import hashlib
from pathlib import Path

from commscli.domain import letters as rules
from commscli.errors import InputError
from commscli.labels import Msg
from commscli.store import letters as q
from commscli.store import records, registry


def file_reference(path: str | None) -> dict:
    """The copy kept, by reference: its name, size and SHA-256 (its content is not stored)."""
    if not path:
        return {}
    p = Path(path)
    if not p.is_file():
        raise InputError(Msg("err.file_missing"), "--file", path)
    digest = hashlib.sha256()
    size = 0
    with open(p, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
            size += len(chunk)
    return {"file_name": p.name, "file_sha256": digest.hexdigest(), "file_size": size}


def register(
    store, ctx, office: str, direction: str, party: str, subject: str, dated, path: str | None, at: str
) -> int:
    o = registry.office_by_code(store, office)
    row = {
        "office_id": o["id"],
        "direction": direction,
        "party": rules.check_text(party, rules.PARTY_OPTION[direction]),
        "subject": rules.check_text(subject, "--subject"),
        "dated": rules.check_dated(dated, ctx.now.date()),
        **file_reference(path),
        "created_at": at,
        "created_by": ctx.by,
    }
    lid = q.insert_letter(store, row)
    records.log(store, ctx, "letters", lid, "create", at, after=row)
    return lid
