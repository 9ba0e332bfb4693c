"""Badges found by their text: the frame's lines around a word only badges carry.

The detector only knows the badges it was trained on; a badge it did not box is still a
badge when the frame's text says so. Text is what makes a badge a badge: 中国电信 on the header,
工号 and its digits, 实习生, 孕妈妈 (and, with a roster, a listed employee id or name). The lines
around each such word (within two of its line heights above or below, overlapping its column
widened by its own width) are one badge; groups that share a line are one badge. A card that
shows the 中国电信 header and a name but neither title nor id is a badge only on someone's chest
(``on_chest``): that is the badge.fields violation, while on a wall the same two lines are more
likely a logo over a slogan.

Example:
    >>> from storecheck.vision.types import TextLine
    >>> lines = [TextLine("中国电信", (100, 100, 180, 120), 0.99),
    ...          TextLine("李娜", (110, 124, 150, 144), 0.98),
    ...          TextLine("工号：20231234", (100, 148, 200, 166), 0.97)]
    >>> [[line.text for line in group] for group in badge_groups(lines)]
    [['中国电信', '李娜', '工号：20231234']]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storecheck.checks import geometry
from storecheck.checks.badges import ParsedBadge, header_line, looks_like_badge, parse_badge
from storecheck.checks.roster import Roster, RosterEntry
from storecheck.checks.text import normalise, reading_order, union_box
from storecheck.vision.types import Box, TextLine

#: A detected badge owns the frame's lines whose centre lies within it, grown by this share of
#: its size on each side: OCR boxes stick out of the detector's box, and a card's header or its
#: last line often lies just past it.
OWN_PAD = 0.15
#: A name from the roster counts as a badge word only on a short line (the name, perhaps with a
#: title or 实习生): inside a longer text it is more likely a word that happens to hold it.
ROSTER_NAME_LINE_MAX = 8


def lines_within(box: Box, lines: Sequence[TextLine], pad: float = OWN_PAD) -> list[TextLine]:
    """The ``lines`` whose centre lies inside ``box`` grown by ``pad`` of its size on each side."""
    w, h = box[2] - box[0], box[3] - box[1]
    grown = (box[0] - w * pad, box[1] - h * pad, box[2] + w * pad, box[3] + h * pad)
    return [line for line in lines if geometry.contains_point(grown, geometry.centre(line.box))]


def lines_outside(boxes: Sequence[Box], lines: Sequence[TextLine], pad: float = OWN_PAD) -> list[TextLine]:
    """The ``lines`` that none of ``boxes`` holds (``lines_within`` each, grown by ``pad``)."""
    return [line for line in lines if not any(lines_within(box, [line], pad) for box in boxes)]


def shows_entry(entry: RosterEntry, text: str) -> bool:
    """Whether a line shows a listed person: their employee id, or their name on a short line."""
    norm, name = normalise(text), normalise(entry.name)
    if entry.employee_id and entry.employee_id in norm:
        return True
    return len(name) >= 2 and len(norm) <= ROSTER_NAME_LINE_MAX and name in norm


def roster_anchor(roster: Roster | None) -> Callable[[str], bool]:
    """Whether a line shows anyone on the roster (``shows_entry``)."""
    if roster is None or not len(roster):
        return lambda _text: False
    return lambda text: any(shows_entry(entry, text) for entry in roster.entries)


def badge_groups(lines: Sequence[TextLine], anchor: Callable[[str], bool] | None = None) -> list[list[TextLine]]:
    """The lines around each badge-only word (or each line ``anchor`` accepts); groups sharing
    a line are one badge."""
    groups: list[list[TextLine]] = []
    anchors = [line for line in lines if looks_like_badge(line.text) or (anchor is not None and anchor(line.text))]
    for first in anchors:
        ax1, ay1, ax2, ay2 = first.box
        reach_y, reach_x = 2.0 * (ay2 - ay1), ax2 - ax1
        near = [line for line in lines
                if line.box[3] >= ay1 - reach_y and line.box[1] <= ay2 + reach_y
                and line.box[2] >= ax1 - reach_x and line.box[0] <= ax2 + reach_x]
        joined = [group for group in groups if any(line in group for line in near)]
        if joined:
            keep = joined[0]
            for other in joined[1:]:
                keep.extend(line for line in other if line not in keep)
                groups.remove(other)
            keep.extend(line for line in near if line not in keep)
        else:
            groups.append(near)
    return groups


def says_badge(parsed: ParsedBadge) -> bool:
    """A group of lines is a badge when it names someone with a title or id, holds an id, or
    shows a mark: a uniform's embroidered 中国电信 alone, or a wall's 中国电信 logo, is not."""
    return bool(parsed.employee_id or parsed.intern or parsed.pregnant or parsed.has_required_fields)


def headed_name(lines: Sequence[TextLine]) -> bool:
    """The 中国电信 header over a name, each a line of its own: a badge short of its title and
    id, if someone wears it. A wall's 欢迎光临中国电信 holds the header in a longer line, and
    a name found inside a slogan is a word of it."""
    texts = [normalise(line.text) for line in lines]
    return any(header_line(text) for text in texts) and any(parse_badge([text]).name == text for text in texts)


def text_badges(lines: Sequence[TextLine], titles: Sequence[str], roster: Roster | None = None,
                on_chest: Callable[[Box], bool] | None = None) -> list[tuple[Box, list[TextLine], ParsedBadge]]:
    """Badges read from ``lines`` (those no detected badge owns): box, lines, what they say.
    ``on_chest``: whether a box lies where someone's badge hangs (``headed_name`` cards count
    only there)."""
    return [(box, ordered, parsed) for box, ordered, parsed in read_groups(lines, titles, roster_anchor(roster))
            if says_badge(parsed) or (on_chest is not None and headed_name(ordered) and on_chest(box))]


def read_groups(lines: Sequence[TextLine], titles: Sequence[str], anchor: Callable[[str], bool] | None = None,
                ) -> list[tuple[Box, list[TextLine], ParsedBadge]]:
    """Every group of ``badge_groups``, badge or not: its box, its lines in reading order, and
    what they say."""
    found = []
    for group in badge_groups(lines, anchor):
        ordered = reading_order(group)
        found.append((union_box([line.box for line in ordered]), ordered, parse_badge([line.text for line in ordered], titles)))
    return found
