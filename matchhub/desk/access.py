"""Finding a proposal for the current user, or answering 404 so its existence stays hidden."""

from __future__ import annotations

import io

from flask import abort, current_app, send_file
from flask_login import current_user

from matchhub.desk import desk
from matchhub.desk.desk import Access
from matchhub.models import Proposal
from matchhub.platform import files as attachments


def proposal_or_404(key: str, *allowed: Access) -> tuple[Proposal, Access]:
    """The proposal and what the current user may see of it.

    :raise 404: when the user may see nothing of it, or not what ``allowed`` asks for;
        a private page of a published proposal stays hidden from the public too.
    """
    proposal = desk.find_proposal(key)
    access = desk.proposal_access(current_user, proposal) if proposal else Access.NONE
    if access is Access.NONE or (allowed and access not in allowed):
        abort(404)
    return proposal, access


PRIVATE = (Access.PROPOSER, Access.DEPARTMENT, Access.DESK)


def send_stored(item, kind: str, *, inline: bool, private: bool):
    """Hand out a stored file (an attachment or a photo): its checked type, nosniff, no
    scripts, and caching as fits. Files are size-limited, so they are read whole."""
    try:
        path = attachments.path_of(kind, item.storage_name)
    except FileNotFoundError:
        abort(404)
    if not path.exists():
        current_app.logger.warning("stored file missing: %s/%s", kind, item.storage_name)
        abort(404)
    response = send_file(
        io.BytesIO(path.read_bytes()),
        mimetype=item.content_type,
        etag=item.sha256,
        as_attachment=not inline,
        download_name=item.filename,
        conditional=True,
        max_age=0 if private else 3600,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if private:
        response.headers["Cache-Control"] = "private, no-store"
    return response
