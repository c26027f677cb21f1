"""A PDF's creation and modification dates, set from a chosen instant rather than the clock."""
from __future__ import annotations

import datetime as dt


def set_dates(canvas, when: dt.datetime) -> None:
    """Date the document *canvas* draws at *when* (ReportLab has no public way: its
    document timestamp is set here, in UTC), so that a build is reproducible."""
    stamp = canvas._doc._timeStamp
    stamp.t, stamp.lt = when.timestamp(), when.utctimetuple()
    stamp.YMDhms, stamp.dhh, stamp.dmm, stamp.tzname = tuple(when.utctimetuple())[:6], 0, 0, "UTC"
