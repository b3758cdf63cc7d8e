"""The user's settings: one TOML file in the config folder (`career config path`).

Every key, its meaning and its default is in `KEYS` below; `career config show` lists them.
The file groups dotted keys in TOML tables, so it stays readable and editable by hand:

    [remind]
    within = 21            # days ahead that `career remind` looks

    [remind.stale]         # days without a status change before a follow-up nudge
    applied = 14

    [calendar]
    alarms = ["3d", "1d"]  # alarms before each calendar item

    [dates]
    order = "DMY"          # how to read slash dates such as 04/05/2024

    [backup]
    keep = 14              # automatic daily backups kept (and the first of each month)

A value is checked the same way whether it comes from `career config set` or from a hand
edit: a file with an unknown key or a bad value is an error naming the file and the key, never
silently ignored. `set` and `unset` rewrite the file atomically (0600). Reading it needs only
the standard library (tomllib), so `career remind` stays fast.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from career import paths
from career.errors import InvalidInput

if TYPE_CHECKING:
    from career.dates import DateOrder

FILE_NAME = "config.toml"
STALE_STATUSES = ("applied", "screening", "interviewing")
DATE_ORDERS = ("DMY", "MDY")
MAX_ALARMS = 10
MAX_ALARM_DAYS = 365
MAX_KEEP = 10_000


def _days(value: Any) -> int:
    from career import dates  # not at the top: `career remind` reads settings on every start

    if isinstance(value, bool):
        raise InvalidInput(f"{value!r} is not a number of days")
    if isinstance(value, int):
        if value < 0:
            raise InvalidInput(f"{value} is negative: a number of days must be 0 or more")
        return dates.parse_days(str(value))
    if isinstance(value, str):
        return dates.parse_days(value)
    raise InvalidInput(f"{value!r} is not a number of days: use 14, 14d or 2w")


def _stale_days(value: Any) -> int:
    days = _days(value)
    if days == 0:
        raise InvalidInput("0 days would nudge about every application: use 1 or more")
    return days


def parse_offset(text: str) -> timedelta:
    """An alarm offset before an item: ``3d``, ``1d``, ``2w``, ``12h`` or ``30m`` (minutes)."""
    key = text.strip().lower()
    shown = repr(text.strip())
    unit = key[-1:] if key[-1:] in ("d", "w", "h", "m") else ""
    digits = key[: len(key) - len(unit)] if unit else key
    if not digits.isascii() or not digits.isdigit() or len(digits) > 6:
        raise InvalidInput(f"cannot read {shown} as an alarm offset: use 3d, 1d, 12h or 30m")
    number = int(digits)
    offset = {
        "": timedelta(days=number),
        "d": timedelta(days=number),
        "w": timedelta(weeks=number),
        "h": timedelta(hours=number),
        "m": timedelta(minutes=number),
    }[unit]
    if offset > timedelta(days=MAX_ALARM_DAYS):
        raise InvalidInput(f"{shown} is too early: an alarm can be at most {MAX_ALARM_DAYS} days")
    return offset


def show_offset(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m")):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds // 60}m"  # pragma: no cover - offsets are whole minutes


def _alarms(value: Any) -> tuple[timedelta, ...]:
    if isinstance(value, str):
        parts = [p for p in value.replace(",", " ").split() if p]
    elif isinstance(value, list):
        parts = [str(p) for p in value]
    else:
        raise InvalidInput(f"{value!r} is not a list of alarm offsets such as 3d, 1d")
    if len(parts) > MAX_ALARMS:
        raise InvalidInput(f"at most {MAX_ALARMS} alarms")
    offsets = sorted({parse_offset(p) for p in parts}, reverse=True)
    return tuple(offsets)


def _date_order(value: Any) -> str:
    text = str(value).strip().upper() if isinstance(value, str) else ""
    if text not in DATE_ORDERS:
        raise InvalidInput(f"{value!r} is not a date order: use one of {', '.join(DATE_ORDERS)}")
    return text


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, str) else ""
    if text in ("true", "yes", "on", "1"):
        return True
    if text in ("false", "no", "off", "0"):
        return False
    raise InvalidInput(f"{value!r} is not true or false")


def _keep(value: Any) -> int:
    text = (
        str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
    )
    if not text.isascii() or not text.isdigit():
        raise InvalidInput(f"{value!r} is not a number of backups: use a whole number such as 14")
    count = int(text)
    if not 1 <= count <= MAX_KEEP:
        raise InvalidInput(
            f"keep between 1 and {MAX_KEEP} backups, not {count} (the first of each month is "
            "kept besides)"
        )
    return count


class Key(NamedTuple):
    """One setting: what it means, its default, how a value is read and written back."""

    help: str
    default: Any
    read: Callable[[Any], Any]  # from `config set` text or a TOML value to the setting
    store: Callable[[Any], Any]  # from the setting to its TOML value
    show: Callable[[Any], str]


def _show_days(days: Any) -> str:
    return f"{days}d"


KEYS: dict[str, Key] = {
    "remind.within": Key(
        "days ahead that `career remind` looks (14, 14d or 2w)", 14, _days, int, _show_days
    ),
    **{
        f"remind.stale.{status}": Key(
            f"days in {status} without a change before a follow-up nudge",
            default,
            _stale_days,
            int,
            _show_days,
        )
        for status, default in zip(STALE_STATUSES, (14, 10, 7), strict=True)
    },
    "calendar.alarms": Key(
        "alarms before each calendar item (such as 3d, 1d, 12h)",
        (timedelta(days=3), timedelta(days=1)),
        _alarms,
        lambda offsets: [show_offset(o) for o in offsets],
        lambda offsets: ", ".join(show_offset(o) for o in offsets) or "none",
    ),
    "calendar.contacts": Key(
        "true: `career calendar` adds a task (VTODO) on the day each contact is due",
        False,
        _flag,
        bool,
        lambda flag: "true" if flag else "false",
    ),
    "dates.order": Key(
        "how to read slash dates such as 04/05/2024: DMY or MDY (unset: refuse them)",
        None,
        _date_order,
        str,
        str,
    ),
    "backup.keep": Key(
        "automatic daily backups of a SQLite database kept (the first of each month too)",
        14,
        _keep,
        int,
        str,
    ),
}


def _cadence(value: Any) -> int:
    from career.people.cadence import check_every

    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidInput(f"{value!r} is not a cadence: use 6w or 30d")
    return check_every(str(value))


def _show_cadence(days: Any) -> str:
    from career.people.cadence import every_short

    return every_short(int(days))


# A family of keys: `contacts.every.<word>`, a contact's cadence by a word of its role (no
# default: a contact with no cadence of its own and no setting for its role is never due).
EVERY_PREFIX = "contacts.every."
EVERY_PATTERN = EVERY_PREFIX + "<role>"
EVERY_KEY = Key(
    "how often to keep in touch with contacts whose role has this word (such as 6w)",
    None,
    _cadence,
    int,
    _show_cadence,
)


def known_keys() -> str:
    return ", ".join([*KEYS, EVERY_PATTERN])


def key_of(name: str) -> Key | None:
    """The key `name` (dotted, lower case) is, or None when there is no such setting."""
    found = KEYS.get(name)
    if found is not None:
        return found
    if name.startswith(EVERY_PREFIX):
        import re

        from career.people.cadence import ROLE_WORD

        word = name[len(EVERY_PREFIX) :]
        if word.isascii() and re.fullmatch(ROLE_WORD, word) and len(word) <= 100:
            return EVERY_KEY
    return None


def check_key(name: str) -> Key:
    dotted = name.strip().lower()
    key = key_of(dotted)
    if key is None:
        if dotted.startswith(EVERY_PREFIX):
            raise InvalidInput(
                f"unknown setting {name!r}: {EVERY_PATTERN} takes one word of a role "
                "(ASCII letters, digits, - or _), such as contacts.every.advisor"
            )
        raise InvalidInput(f"unknown setting {name!r}: the settings are {known_keys()}")
    return key


class Settings:
    """The settings in effect: the file's values over the defaults."""

    __slots__ = ("values",)

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        self.values: Mapping[str, Any] = dict(values or {})

    def __getitem__(self, name: str) -> Any:
        if name in self.values:
            return self.values[name]
        key = key_of(name)
        return key.default if key is not None else None

    def is_set(self, name: str) -> bool:
        return name in self.values

    @property
    def within(self) -> int:
        return int(self["remind.within"])

    @property
    def stale(self) -> dict[str, int]:
        return {status: int(self[f"remind.stale.{status}"]) for status in STALE_STATUSES}

    @property
    def every(self) -> dict[str, int]:
        """The cadences by word of a role (`contacts.every.<word>`), in days."""
        return {
            name[len(EVERY_PREFIX) :]: int(value)
            for name, value in self.values.items()
            if name.startswith(EVERY_PREFIX)
        }

    @property
    def alarms(self) -> tuple[timedelta, ...]:
        return tuple(self["calendar.alarms"])

    @property
    def backup_keep(self) -> int:
        return int(self["backup.keep"])

    @property
    def date_order(self) -> DateOrder | None:
        order = self["dates.order"]
        return "DMY" if order == "DMY" else "MDY" if order == "MDY" else None


def config_file() -> Path:
    return paths.config_dir() / FILE_NAME


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in table.items():
        dotted = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat


def _read_file(path: Path) -> dict[str, Any]:
    """The file's raw values by dotted key ({} when there is no file)."""
    from career.files import read_user_file

    if not os.path.lexists(path):
        return {}
    try:
        data = read_user_file(path, "a settings file", limit=SIZE_LIMIT)
    except InvalidInput as exc:
        raise InvalidInput(f"the settings file: {exc.message}") from None
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"the settings file {path} is not valid TOML: {exc}") from None
    except RecursionError:
        raise InvalidInput(f"the settings file {path} is not valid TOML: nested too deep") from None
    return _flatten(table)


SIZE_LIMIT = 1024 * 1024
"""The largest settings file read: a real one is a few hundred bytes."""


def load(path: Path | None = None, *, mending: str | None = None) -> Settings:
    """The settings in effect. An unknown key or a bad value in the file is an error, except
    in the key `mending` (the one `set` or `unset` is about to replace), so that a bad hand
    edit can be put right with the commands as well as by hand."""
    target = path if path is not None else config_file()
    values: dict[str, Any] = {}
    raw_values = _read_file(target)
    present = mending in raw_values
    for name, raw in raw_values.items():
        if name == mending:
            continue
        key = key_of(name)
        if key is None:
            raise InvalidInput(
                f"the settings file {target} has an unknown setting {name!r}: "
                f"the settings are {known_keys()}"
            )
        try:
            values[name] = key.read(raw)
        except InvalidInput as exc:
            raise InvalidInput(f"the settings file {target}: {name}: {exc.message}") from None
    mended = key_of(mending) if mending is not None else None
    if present and mending is not None and mended is not None:
        try:
            values[mending] = mended.read(raw_values[mending])
        except InvalidInput:
            values[mending] = _BROKEN  # unset removes it; set replaces it
    return Settings(values)


_BROKEN = object()  # a value in the file that does not read: only `mending` may hold it


def _nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for dotted in sorted(flat):
        *parents, leaf = dotted.split(".")
        node = table
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = flat[dotted]
    return table


def _known(name: str) -> Key:
    key = key_of(name)
    assert key is not None, name  # the values of a loaded Settings are known keys
    return key


def show_value(name: str, value: Any) -> str:
    """A setting's value as `config show` and `config set` print it."""
    return _known(name).show(value)


def _write(path: Path, settings: Settings) -> None:
    import tomli_w

    from career.files import write_private

    stored = {name: _known(name).store(value) for name, value in settings.values.items()}
    header = "# career settings: `career config show` lists every key and its default.\n"
    paths.ensure_private_dir(path.parent)
    write_private(path, header + tomli_w.dumps(_nest(stored)), force=True)


def set_value(name: str, text: str, path: Path | None = None) -> tuple[str, Any]:
    """Check `text` for setting `name`, then write the file. Returns the key and its value."""
    dotted = name.strip().lower()
    key = check_key(dotted)
    value = key.read(text)
    target = path if path is not None else config_file()
    current = load(target, mending=dotted)
    _write(target, Settings({**current.values, dotted: value}))
    return dotted, value


def unset_value(name: str, path: Path | None = None) -> bool:
    """Remove `name` from the file (its default applies again). False when it was not set."""
    dotted = name.strip().lower()
    check_key(dotted)
    target = path if path is not None else config_file()
    current = load(target, mending=dotted)
    if dotted not in current.values:
        return False
    _write(target, Settings({k: v for k, v in current.values.items() if k != dotted}))
    return True
