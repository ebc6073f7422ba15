"""Reading publication dates in any form, and writing a new one in a file's own style."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass

_ISO = re.compile(
    r"""^(?P<date>\d{4}-\d{1,2}-\d{1,2})
    (?:(?P<sep>[Tt]|[ \t]+)
       (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.(?P<fraction>\d*))?
       (?P<space>[ \t]*)(?P<tz>Z|z|[-+]\d{1,2}(?::?\d{2})?)?)?$""",
    re.VERBOSE,
)
# Other forms met in feeds; tried in order to find the one that reproduces a file's text.
_OTHER_FORMATS = (
    "%b %d, %Y %I:%M %p",
    "%B %d, %Y %I:%M %p",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %b %Y %H:%M",
    "%d %b %Y",
    "%a, %d %b %Y %H:%M:%S %z",
    "%a, %d %b %Y %H:%M:%S GMT",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
)


def to_datetime(value: object) -> dt.datetime | None:
    """Interpret a front-matter value as a datetime: datetimes, dates and date strings."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value.strip():
        from dateutil import parser as dateutil_parser  # about 12 ms: not at the app's start

        try:
            with warnings.catch_warnings():
                # A zone name dateutil does not know ("EST") is read as no zone, quietly.
                warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
                return dateutil_parser.parse(value)
        except (ValueError, OverflowError):
            return None
    return None


@dataclass(frozen=True, slots=True)
class DateStyle:
    """How a file wrote a date, so a new one can be written the same way."""

    kind: str  # "date", "iso" or "strftime"
    sep: str = "T"
    seconds: bool = True
    fraction: int = 0
    space: str = ""
    tz: str = "Z"  # "Z", "z", "+hh:mm", "+hhmm", "+hh" or "" (no zone)
    pattern: str = ""
    unpadded: bool = False
    offset: int | None = None  # minutes east of UTC, for "+hh:mm" styles

    @classmethod
    def default(cls) -> DateStyle:
        """ISO 8601 in UTC with a T and a Z, as the site's feeds write it."""
        return cls(kind="iso")

    @classmethod
    def infer(cls, text: str, value: object) -> DateStyle:
        """Infer the style of ``text`` (the unquoted source of ``value``)."""
        match = _ISO.match(text.strip())
        if match:
            if match["sep"] is None:
                return cls(kind="date")
            tz = match["tz"] or ""
            offset = None
            if tz not in ("", "Z", "z"):
                digits = tz[1:].replace(":", "")
                minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
                offset = -minutes if tz[0] == "-" else minutes
                tz = "+hh:mm" if ":" in tz else ("+hhmm" if len(tz) > 3 else "+hh")
            return cls(
                offset=offset,
                kind="iso",
                sep=match["sep"],
                seconds=match["second"] is not None,
                fraction=len(match["fraction"] or ""),
                space=match["space"],
                tz=tz,
            )
        when = to_datetime(value)
        if when is not None:
            for pattern in _OTHER_FORMATS:
                for unpadded in (False, True):
                    style = cls(kind="strftime", pattern=pattern, unpadded=unpadded)
                    if style.format(when) == text.strip():
                        return style
        return cls.default()

    def normalize(self, when: dt.datetime) -> dt.datetime:
        """``when`` in this style's zone and precision (for "date", midnight of the day)."""
        if self.kind == "date":
            return dt.datetime(when.year, when.month, when.day)
        if self.kind == "iso":
            # A naive ``when`` is taken as UTC, as YAML reads a timestamp without a zone.
            if self.tz in ("Z", "z"):
                when = (
                    when.astimezone(dt.timezone.utc)
                    if when.tzinfo
                    else when.replace(tzinfo=dt.timezone.utc)
                )
            elif self.tz == "":
                if when.tzinfo is not None:
                    when = when.astimezone(dt.timezone.utc)
                when = when.replace(tzinfo=None)
            else:
                if when.tzinfo is None:
                    when = when.replace(tzinfo=dt.timezone.utc)
                if self.offset is not None:  # keep the file's own offset: +02:00 stays +02:00
                    when = when.astimezone(dt.timezone(dt.timedelta(minutes=self.offset)))
            if not self.seconds:
                when = when.replace(second=0, microsecond=0)
            if self.fraction == 0:
                when = when.replace(microsecond=0)
            elif self.fraction < 6:
                step = 10 ** (6 - self.fraction)
                when = when.replace(microsecond=when.microsecond // step * step)
        return when

    def format(self, when: dt.datetime) -> str:
        """Write ``when`` in this style."""
        when = self.normalize(when)
        if self.kind == "date":
            return when.strftime("%Y-%m-%d")
        if self.kind == "strftime":
            pattern = self.pattern
            if self.unpadded:  # day and hour without a leading zero, as "Sep 5, 2021 4:44 PM"
                hour12 = when.hour % 12 or 12
                pattern = pattern.replace("%d", str(when.day)).replace("%I", str(hour12))
                pattern = pattern.replace("%H", str(when.hour))
            return when.strftime(pattern)
        text = when.strftime("%Y-%m-%d") + self.sep + when.strftime("%H:%M")
        if self.seconds:
            text += when.strftime(":%S")
        if self.fraction:
            text += "." + f"{when.microsecond:06d}"[: self.fraction]
        return text + self.space + self._zone(when)

    def _zone(self, when: dt.datetime) -> str:
        if self.tz in ("Z", "z"):
            return self.tz if when.tzinfo else ""
        offset = when.utcoffset()
        if self.tz == "" or offset is None:
            return ""
        minutes = int(offset.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        hours, minutes = divmod(abs(minutes), 60)
        if self.tz == "+hh" and minutes == 0:
            return f"{sign}{hours:02d}"
        if self.tz == "+hhmm":
            return f"{sign}{hours:02d}{minutes:02d}"
        return f"{sign}{hours:02d}:{minutes:02d}"
