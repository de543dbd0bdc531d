"""Check a gettext catalogue (default: the English one) for problems a translator must fix.

    python scripts/i18n_check.py [PO_FILE ...] [--no-mo]

Reports, one per line as `file:line: kind: msgid`, and exits 1 when any is found:

- `untranslated`: an entry with an empty msgstr (or an empty plural form);
- `fuzzy`: an entry (or the header) flagged `#, fuzzy` -- gettext ignores fuzzy entries, and a
  fuzzy header drops the charset, so the whole catalogue would break;
- `placeholder`: msgstr does not keep the msgid's placeholders (`%(name)s`, `%s`, `%d`,
  `{name}`) exactly;
- `html`: msgstr does not keep the msgid's HTML tags;
- `stale-mo`: the compiled `.mo` next to the `.po` is missing or differs from it (run
  `tdkt compilemessages`).

The source strings (msgid) are Vietnamese; `en` is the only translated language. Regenerate with
`tdkt makemessages -l en ...` then `tdkt compilemessages` (from src/tdkt; see the Makefile's
`messages` target). Standard library only: no dependency on polib.
"""

from __future__ import annotations

import ast
import gettext
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PO = ROOT / "src" / "tdkt" / "locale" / "en" / "LC_MESSAGES" / "django.po"

#: printf-style conversions as Python's %-formatting reads them (named or positional), `%%` aside.
PRINTF = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"
)
#: str.format fields: {name}, {0}, {} (not doubled braces).
BRACES = re.compile(r"(?<!\{)\{(?P<field>[A-Za-z_0-9.\[\]]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^>]*>")
#: Only real HTML elements count: "<key>" in "Authorization: Bearer <key>" is prose, not markup.
HTML_ELEMENTS = frozenset(
    {
        "a", "abbr", "b", "br", "code", "del", "div", "em", "i", "ins", "kbd", "li", "mark",
        "ol", "p", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
        "ul", "var",
    }
)  # fmt: skip


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[k] for k in sorted(self.msgstr)] or [""]


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    kind: str
    msgid: str
    detail: str = ""

    def __str__(self) -> str:
        shown = self.msgid if len(self.msgid) <= 80 else self.msgid[:77] + "..."
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.path}:{self.line}: {self.kind}: {shown!r}{extra}"


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip())


def parse_po(path: str | Path) -> list[Entry]:
    """Read the live (non-obsolete) entries of a .po file, header included."""
    entries: list[Entry] = []
    current: Entry | None = None
    pending_flags: set[str] = set()
    pending_line = 0
    target: tuple[str, int] | None = None  # the string that continuation lines extend

    def finish() -> None:
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith(("#~", "#|")):
            continue  # obsolete entries and previous-msgid comments
        elif line.startswith("#,"):
            if current is not None and current.msgstr:
                finish()
            pending_flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            pending_line = pending_line or number
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"{path}:{number}: string continuation outside an entry")
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, name, getattr(current, name) + _unquote(line))
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid"):
                if current is not None and (current.msgstr or keyword == "msgctxt"):
                    finish()
                if current is None:
                    current = Entry(flags=pending_flags, line=pending_line or number)
                    pending_flags, pending_line = set(), 0
            if current is None:
                raise ValueError(f"{path}:{number}: unexpected line {raw!r}")
            match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
            if keyword in ("msgctxt", "msgid", "msgid_plural"):
                setattr(current, keyword, _unquote(rest))
                target = (keyword, 0)
            elif match:
                index = int(match.group(1) or 0)
                current.msgstr[index] = _unquote(rest)
                target = ("msgstr", index)
            else:
                raise ValueError(f"{path}:{number}: unexpected keyword {keyword!r}")
    finish()
    return entries


def placeholders(text: str) -> tuple[Counter, tuple[str, ...], Counter]:
    """(named %(x)s conversions, positional conversions in order, str.format fields)."""
    named: Counter = Counter()
    positional: list[str] = []
    for match in PRINTF.finditer(text):
        spec = match.group(0)
        if spec == "%%":
            continue
        if match.group("name") is not None:
            named[match.group("name") + spec[-1]] += 1
        else:
            positional.append(spec)
    braces = Counter(m.group("field") for m in BRACES.finditer(text))
    return named, tuple(positional), braces


def placeholder_mismatch(source: str, translation: str) -> str:
    """A description of how `translation` breaks the placeholders of `source`, or ''."""
    s_named, s_pos, s_braces = placeholders(source)
    t_named, t_pos, t_braces = placeholders(translation)
    problems = []
    if set(s_named) != set(t_named):
        missing = sorted(set(s_named) - set(t_named))
        extra = sorted(set(t_named) - set(s_named))
        problems.append(f"named: missing {missing}, extra {extra}")
    if s_pos != t_pos:
        problems.append(f"positional: {list(s_pos)} != {list(t_pos)}")
    if set(s_braces) != set(t_braces):
        problems.append(f"braces: {sorted(s_braces)} != {sorted(t_braces)}")
    return "; ".join(problems)


def _tags(text: str) -> Counter:
    return Counter(
        ("/" if m.group(0).startswith("</") else "") + m.group(1).lower()
        for m in HTML_TAG.finditer(text)
        if m.group(1).lower() in HTML_ELEMENTS
    )


def html_mismatch(source: str, translation: str) -> str:
    """A description of how `translation` loses or adds HTML tags of `source`, or ''."""
    s_tags, t_tags = _tags(source), _tags(translation)
    if s_tags != t_tags:
        return f"tags {sorted(s_tags.elements())} != {sorted(t_tags.elements())}"
    return ""


def check_entries(entries: list[Entry], path: str = "") -> list[Problem]:
    problems: list[Problem] = []
    for entry in entries:
        if entry.is_header:
            if "fuzzy" in entry.flags:
                problems.append(Problem(path, entry.line, "fuzzy", "", "header"))
            continue
        if "fuzzy" in entry.flags:
            problems.append(Problem(path, entry.line, "fuzzy", entry.msgid))
        translations = entry.translations
        if any(not t for t in translations):
            problems.append(Problem(path, entry.line, "untranslated", entry.msgid))
            continue
        for index, translation in enumerate(translations):
            # msgstr[0] answers msgid; the other plural forms answer msgid_plural.
            source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
            detail = placeholder_mismatch(source, translation)
            if detail:
                problems.append(Problem(path, entry.line, "placeholder", entry.msgid, detail))
            detail = html_mismatch(source, translation)
            if detail:
                problems.append(Problem(path, entry.line, "html", entry.msgid, detail))
    return problems


def check_catalogue(po_path: str | Path = DEFAULT_PO) -> list[Problem]:
    """Untranslated, fuzzy, placeholder and HTML problems of one .po file."""
    return check_entries(parse_po(po_path), str(po_path))


def check_compiled(po_path: str | Path = DEFAULT_PO) -> list[Problem]:
    """The .mo next to the .po must hold exactly the .po's translations."""
    po_path = Path(po_path)
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [Problem(str(mo_path), 0, "stale-mo", "", "missing: run tdkt compilemessages")]
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    problems = []
    for entry in parse_po(po_path):
        if entry.is_header or "fuzzy" in entry.flags:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected = {key: entry.msgstr.get(0, "")}
        else:
            expected = {(key, i): text for i, text in entry.msgstr.items()}
        for k, text in expected.items():
            if text and compiled.get(k) != text:
                problems.append(
                    Problem(str(mo_path), entry.line, "stale-mo", entry.msgid, "differs from .po")
                )
                break
    return problems


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check_mo = "--no-mo" not in args
    paths = [Path(a) for a in args if not a.startswith("--")] or [DEFAULT_PO]
    problems: list[Problem] = []
    total = 0
    for path in paths:
        entries = parse_po(path)
        total += sum(1 for e in entries if not e.is_header)
        problems += check_entries(entries, str(path))
        if check_mo:
            problems += check_compiled(path)
    for problem in problems:
        print(problem)
    kinds = Counter(p.kind for p in problems)
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "no problems"
    print(f"{total} entries checked: {summary}.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
