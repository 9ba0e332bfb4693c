"""The staff roster (``--roster FILE.csv``): who is an intern, who is pregnant.

Format, one row per staff member, header required::

    employee_id,name,role,pregnant
    10086123,张伟,staff,no
    20231234,李娜,intern,no

Example:
    >>> roster = parse_roster("employee_id,name,role,pregnant\\n20231234,李娜,intern,no\\n")
    >>> roster.lookup(employee_id="20231234").intern
    True
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from storecheck.checks.text import normalise

COLUMNS = ("employee_id", "name", "role", "pregnant")
_ROLES = {"staff": False, "intern": True}
_YES_NO = {"yes": True, "no": False}


class RosterError(ValueError):
    """The roster file is unusable; the message names the file, the line and what is wrong."""


@dataclass(frozen=True)
class RosterEntry:
    employee_id: str
    name: str
    intern: bool
    pregnant: bool


class Roster:
    """Staff members by employee id and by name."""

    def __init__(self, entries: list[RosterEntry]) -> None:
        self.entries = entries
        self._by_id = {entry.employee_id: entry for entry in entries}
        names = Counter(entry.name for entry in entries)
        # Two people sharing a name cannot be told apart by name: only their ids can match them.
        self._by_name = {entry.name: entry for entry in entries if names[entry.name] == 1}

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, employee_id: str | None = None, name: str | None = None) -> RosterEntry | None:
        """Find who a badge belongs to: by employee id, then by name.

        OCR misreads digits with high confidence, so an id hit whose roster name contradicts the
        name read on the badge is not trusted: the name decides, or nobody is matched.
        """
        name = normalise(name) if name else None
        by_id = self._by_id.get(employee_id) if employee_id else None
        if by_id is not None and (name is None or by_id.name == name):
            return by_id
        return self._by_name.get(name) if name else None

    def named_in(self, text: str) -> RosterEntry | None:
        """The one person whose name (two characters or more) a badge's whole text holds, when
        the name parsed from it matched nobody: a line read twice (许道, then 许诺 at full size)
        or a name run into a misread title (冯超四家工程师). Several names: nobody."""
        norm = normalise(text)
        found = [entry for name, entry in self._by_name.items() if len(name) >= 2 and name in norm]
        return found[0] if len(found) == 1 else None


def _parse_row(row: dict[str, str | None], where: str) -> RosterEntry:
    values = {key: unicodedata.normalize("NFKC", (row.get(key) or "")).strip() for key in COLUMNS}
    if not values["employee_id"]:
        raise RosterError(f"{where}: employee_id is empty")
    if not values["name"]:
        raise RosterError(f"{where}: name is empty")
    role, pregnant = values["role"].lower(), values["pregnant"].lower()
    if role not in _ROLES:
        raise RosterError(f"{where}: role must be staff or intern, got {values['role']!r}")
    if pregnant not in _YES_NO:
        raise RosterError(f"{where}: pregnant must be yes or no, got {values['pregnant']!r}")
    return RosterEntry(
        values["employee_id"], normalise(values["name"]), _ROLES[role], _YES_NO[pregnant]
    )


def parse_roster(text: str, source: str = "roster") -> Roster:
    """Parse roster CSV text; ``source`` names it in error messages."""
    reader = csv.DictReader(io.StringIO(text))
    header = [column.strip().lower() for column in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise RosterError(
            f"{source} line 1: header must be {','.join(COLUMNS)}; missing {', '.join(missing)}"
        )
    reader.fieldnames = header
    entries: list[RosterEntry] = []
    first_line: dict[str, int] = {}
    for row in reader:
        where = f"{source} line {reader.line_num}"
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue  # blank line
        if None in row:
            raise RosterError(f"{where}: more than {len(header)} columns")
        entry = _parse_row(row, where)
        if entry.employee_id in first_line:
            raise RosterError(
                f"{where}: employee_id {entry.employee_id} already on line "
                f"{first_line[entry.employee_id]}"
            )
        first_line[entry.employee_id] = reader.line_num
        entries.append(entry)
    return Roster(entries)


def load_roster(path: str | Path) -> Roster:
    """Read a roster CSV file: UTF-8 (with or without BOM), or GB18030 as Excel saves it in China.

    Raises:
        RosterError: unreadable file, wrong header or a bad row (with its line number).
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RosterError(f"{path}: cannot read roster: {error.strerror}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise RosterError(f"{path}: not UTF-8 or GB18030 text")
    return parse_roster(text, source=str(path))
