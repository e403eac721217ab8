"""The app's JavaScript names no key twice in one object literal. A key given twice keeps
its later value without a word from the browser: a message key reused for a new text
showed the old one ('ov.closed', "Follow-up closed", over a closed day's notice)."""
from __future__ import annotations

import re
from pathlib import Path

PWA = Path(__file__).resolve().parents[2] / "pwa"
WORD = re.compile(r"[\w$]+")
BLANK = " \t\r\n"


def object_keys(src: str) -> list[tuple[int, list[str]]]:
    """(line, keys) of each object literal: the names of its own properties, quoted or
    not. Strings and comments are skipped; a regular expression is read as code."""
    stack: list[tuple[str, list[str], int]] = []  # open brackets: kind, keys, line
    out, i, line = [], 0, 1
    last = "{"  # the last character that was not blank, a string's quote for a string

    def is_key(end: int) -> bool:  # after { or , in an object, and followed by ':'
        while end < len(src) and src[end] in BLANK:
            end += 1
        return (bool(stack) and stack[-1][0] == "{" and last in "{," and
                src[end:end + 1] == ":")

    while i < len(src):
        c = src[i]
        if src.startswith("//", i):
            end = src.find("\n", i)
            i = end if end >= 0 else len(src)
        elif src.startswith("/*", i):
            end = src.index("*/", i + 2) + 2
            line += src.count("\n", i, end)
            i = end
        elif c in "'\"`":
            end = i + 1
            while end < len(src) and src[end] != c:
                end += 2 if src[end] == "\\" else 1
            if c != "`" and is_key(end + 1):
                stack[-1][1].append(src[i + 1:end])
            line += src.count("\n", i, end)
            i, last = end + 1, c
        elif c.isalpha() or c in "_$":
            word = WORD.match(src, i).group(0)
            if is_key(i + len(word)):
                stack[-1][1].append(word)
            i, last = i + len(word), "w"
        else:
            if c in "{[(":
                stack.append((c, [], line))
            elif c in "}])" and stack:
                kind, keys, at = stack.pop()
                if kind == "{":
                    out.append((at, keys))
            line += c == "\n"
            last = last if c in BLANK else c
            i += 1
    return out


def test_no_object_literal_names_a_key_twice():
    twice = []
    for f in sorted(PWA.rglob("*.js")):
        for at, keys in object_keys(f.read_text()):
            seen = set()
            twice += [f"{f.relative_to(PWA)}:{at}: {k}" for k in keys if k in seen or seen.add(k)]
    assert twice == []


def test_the_reader_sees_a_key_given_twice():
    src = "const m = { a: 1, 'b.c': \"x, d: {\", nested: { a: 2 }, 'b.c': `y` };\nf({ q: 1 }, { q: 2 });"
    assert object_keys(src) == [(1, ["a"]), (1, ["a", "b.c", "nested", "b.c"]), (2, ["q"]), (2, ["q"])]
