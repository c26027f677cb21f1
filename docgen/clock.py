"""The one clock: every date docgen writes comes from the release or from
``SOURCE_DATE_EPOCH`` (reproducible builds), never from the wall clock behind
the user's back."""
from __future__ import annotations

import datetime as dt
import os

from docgen.model import Release


def source_date_epoch() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` as a UTC datetime, when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit() else None


def release_time(release: Release) -> dt.datetime:
    """A document's date: SOURCE_DATE_EPOCH when set, else the release date at 00:00 UTC."""
    day = release.dateline.date
    return source_date_epoch() or dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def now() -> dt.datetime:
    """For records of when something was done (catalogue headers): SOURCE_DATE_EPOCH or the time."""
    return source_date_epoch() or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
