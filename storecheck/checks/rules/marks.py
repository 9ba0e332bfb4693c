"""The shared check behind ``badge.pregnant`` and ``badge.intern``: a word the badge must show
(孕妈妈, 实习生) for the people the roster marks.

Without a roster the rule passes on what badges say and names who was recognised. With one,
each badge is matched to a roster entry (employee id, then name); a marked person whose badge
lacks the word is a violation. Badges that match nobody (unreadable, misread) are only counted
in the message: guessing who wears them would flag the wrong person. But a badge large enough
to read that gave neither name nor id (blur, glare) while someone the roster marks is not seen
may be theirs: that is indeterminate, for a person to look at, not a pass.

The roster is also matched against every line the frame reads: someone it marks whose id, or
whose name on a short line, is read where no badge was recognised (a card of another design, a
badge whose header and title were too small to read) is checked there too. Without the word
around it that is a violation when the line lies on someone's chest, else indeterminate (a name
plate or a staff board may show the name as well).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from storecheck.checks import geometry
from storecheck.checks.badges import ParsedBadge, parse_badge
from storecheck.checks.roster import Roster, RosterEntry
from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import Scene
from storecheck.checks.staff import BadgeReading, chest, on_a_chest
from storecheck.checks.text_badges import lines_outside, shows_entry
from storecheck.contract import Finding
from storecheck.vision.types import Box, TextLine


@dataclass(frozen=True)
class Mark:
    word: str  # what the badge must read
    who: str  # the roster's word for the people concerned, for messages
    on_badge: Callable[[ParsedBadge], bool]
    in_roster: Callable[[RosterEntry], bool]
    # The badge shows the word but the roster says otherwise: worth a look, not a deduction.
    warn_when_roster_disagrees: bool

    def check(self, scene: Scene, policy: RulePolicy) -> Finding:
        """The rule module's entry point (``check = MARK.check``)."""
        return check_mark(scene, policy, self)


#: A 孕妈妈 card is worn beside the 工号牌: within this many badge widths of it, centre to centre.
CARD_REACH_WIDTHS = 3.0


def worn_badges(scene: Scene) -> list[tuple[ParsedBadge, Box]]:
    """What each staff member's badges say together, plus badges on nobody detected.

    A loose card that shows a mark but no name (the 孕妈妈 胸牌 of someone the detector missed, in a
    close-up cut at the chest) goes with the nearest loose badge that names someone, if it is
    close enough to be on the same chest; otherwise a named badge would look unmarked.
    """
    worn: list[tuple[ParsedBadge, Box]] = []
    attached: set[int] = set()
    for member in scene.staff:
        if member.badge is not None and member.parsed is not None:
            worn.append((member.parsed, member.badge.box))
            attached.update(b.index for b in member.badges)
    loose = [b for b in scene.badges if b.index not in attached]
    named = [b for b in loose if b.parsed.name or b.parsed.employee_id]
    said = {b.index: b.parsed for b in named}
    for card in loose:
        if card.index in said or not (card.parsed.pregnant or card.parsed.intern):
            continue
        owner = _nearest(card, named)
        if owner is not None:
            said[owner.index] = said[owner.index].merged_with(card.parsed)
            attached.add(card.index)
    worn.extend((said[b.index], b.box) for b in named)
    worn.extend((b.parsed, b.box) for b in loose if b.index not in said and b.index not in attached)
    return worn


def _nearest(card: BadgeReading, named: list[BadgeReading]) -> BadgeReading | None:
    cx, cy = geometry.centre(card.box)
    best, best_distance = None, math.inf
    for badge in named:
        bx, by = geometry.centre(badge.box)
        distance = math.hypot(bx - cx, by - cy)
        if distance <= CARD_REACH_WIDTHS * max(card.width, badge.width) and distance < best_distance:
            best, best_distance = badge, distance
    return best


def _who(parsed: ParsedBadge) -> str:
    if parsed.name and parsed.employee_id:
        return f"{parsed.name} ({parsed.employee_id})"
    return parsed.name or parsed.employee_id or "unnamed"


def check_mark(scene: Scene, policy: RulePolicy, mark: Mark) -> Finding:
    worn = worn_badges(scene)
    shown = [(parsed, box) for parsed, box in worn if mark.on_badge(parsed)]
    recognised = f"{mark.word}: " + (", ".join(_who(p) for p, _ in shown) if shown else "none seen")
    if scene.roster is None:
        return finding(policy, "pass", f"{recognised} (no roster to check against)")

    missing: list[tuple[ParsedBadge, Box]] = []
    disagreeing: list[tuple[ParsedBadge, Box]] = []
    unidentified: list[Box] = []  # readable size, yet neither name nor id read
    seen: set[str] = set()
    unmatched = 0
    for parsed, box in worn:
        entry = scene.roster.lookup(parsed.employee_id, parsed.name)
        if entry is None and (entry := scene.roster.named_in(parsed.raw)) is not None:
            parsed = replace(parsed, name=entry.name)  # the listed name, not the run it was read in
        if entry is None:
            unmatched += 1
            if _unidentified(parsed, box, scene, mark):
                unidentified.append(box)
            continue
        seen.add(entry.employee_id)
        if mark.in_roster(entry) and not mark.on_badge(parsed):
            missing.append((parsed, box))
        elif (
            mark.warn_when_roster_disagrees and mark.on_badge(parsed) and not mark.in_roster(entry)
        ):
            disagreeing.append((parsed, box))
    unmatched_note = (
        f"; {count_phrase(unmatched, 'badge')} not matched to the roster" if unmatched else ""
    )
    missing = [(parsed, box) for parsed, box in missing if not _mark_on_second_look(box, scene, mark)]
    named = [(entry, line) for entry, line in _named_without_badge(scene.roster, scene.frame_lines, mark, seen, worn)
             if not _mark_on_second_look(line.box, scene, mark)]
    on_chest = on_a_chest(scene.observation.detections, scene.observation.height, scene.config)
    missing += [(_as_badge(entry, line), line.box) for entry, line in named if on_chest(line.box)]
    named = [(entry, line) for entry, line in named if not on_chest(line.box)]
    if missing:
        names = ", ".join(_who(parsed) for parsed, _ in missing)
        return finding(
            policy,
            "violation",
            f"{names}: {mark.who} per the roster, badge lacks {mark.word}{unmatched_note}",
            evidence=[box for _, box in missing],
            occurrences=len(missing),
        )
    if disagreeing:
        names = ", ".join(_who(parsed) for parsed, _ in disagreeing)
        return finding(
            policy,
            "warning",
            f"{names}: badge reads {mark.word} but the roster does not list them as {mark.who}"
            f"{unmatched_note}",
            evidence=[box for _, box in disagreeing],
        )
    if named:
        return finding(
            policy,
            "indeterminate",
            f"{', '.join(entry.name for entry, _ in named)} ({mark.who} per the roster): name read "
            f"without {mark.word} nearby, but on no one's chest in view (a badge, or a name plate)",
            evidence=[line.box for _, line in named],
        )
    unseen = [e.name for e in scene.roster.entries if mark.in_roster(e) and e.employee_id not in seen]
    if unidentified and unseen:
        return finding(
            policy,
            "indeterminate",
            f"{count_phrase(len(unidentified), 'badge')} large enough to read gave no name or id; "
            f"{', '.join(unseen)} ({mark.who} per the roster) not seen: it may be theirs",
            evidence=unidentified,
        )
    return finding(policy, "pass", f"{recognised}; matches the roster{unmatched_note}")


def _named_without_badge(roster: Roster, lines: list[TextLine], mark: Mark, seen: set[str],
                         worn: list[tuple[ParsedBadge, Box]]) -> list[tuple[RosterEntry, TextLine]]:
    """People the roster marks, on no badge read, whose id the frame reads on any line, or whose
    name on a short one (inside a longer text a name is more likely a word that holds it). Lines
    on a badge already read are left to that badge: its id alone, under a name that disagrees,
    may be misread (``Roster.lookup``)."""
    loose = lines_outside([box for _, box in worn], lines)
    found = []
    for entry in roster.entries:
        if mark.in_roster(entry) and entry.employee_id not in seen:
            line = next((line for line in loose if shows_entry(entry, line.text)), None)
            if line is not None:
                found.append((entry, line))
    return found


def _as_badge(entry: RosterEntry, line: TextLine) -> ParsedBadge:
    """What the roster says of the person whose name or id a line shows, for the message."""
    return ParsedBadge(entry.name, entry.employee_id, None, False, False, line.text)


def _unidentified(parsed: ParsedBadge, box: Box, scene: Scene, mark: Mark) -> bool:
    """A badge wide enough for OCR that named nobody: blurred or glared, not small. A card
    showing the mark itself (a loose 孕妈妈 card) says enough on its own."""
    wide = box[2] - box[0] >= scene.config.badge_readable_width_px
    return wide and not (parsed.name or parsed.employee_id or mark.on_badge(parsed))


def _mark_on_second_look(badge: Box, scene: Scene, mark: Mark) -> bool:
    """Before someone the roster marks is said to lack the word, read their chest again at full
    resolution: the mark is often a separate small card (a 孕妈妈 pin beside the 工号牌) too small
    for the frame pass, and a false accusation costs more than one read. With no wearer in view,
    the card may hang beside the badge: the badge's surroundings are read instead."""
    wearer = next((m for m in scene.staff if any(b.box == badge for b in m.badges)), None)
    if wearer is not None:
        region = chest(wearer.box, scene.observation.height, scene.config)
    else:
        w, h = badge[2] - badge[0], badge[3] - badge[1]
        reach = CARD_REACH_WIDTHS * w
        region = (badge[0] - reach, badge[1] - h, badge[2] + reach, badge[3] + 2 * h)
    titles = scene.config.titles
    return any(mark.on_badge(parse_badge([line.text], titles)) for line in scene.reread(region))
