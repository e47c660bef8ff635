"""The search box's query language, turned into an FTS5 MATCH expression that is always valid.

Words (all must match), `"exact phrases"`, `prefix*`, `-excluded` or `NOT excluded`, `AND`, `OR`,
parentheses and `NEAR(a b, 10)` as FTS5 has it; operators are upper case, as in Lucene-style
search boxes. Anything else a person types is taken as words, so no input is an FTS5 syntax error.

Prefixes and the Porter stemmer: the index holds stems (`immigr` for `immigration`), so FTS5's own
`immigrat*` finds nothing. A prefix therefore also matches the stems of the prefix completed with
common English endings (`immigrat` + `ion`, the prefix ending inside an ending too: `looki` + `ng`),
stemmed by SQLite's own Porter tokenizer. On the BBC corpus that finds every occurrence of the words
that start with 1,951 sampled prefixes, with 0.07 stems per prefix that none of them has
(bench/prefix_recall.py, BENCHMARKS.md), and no second, unstemmed index to build at ingest. One- and two-letter prefixes stand for so many words that FTS5
would merge every one of their doclists (a second and more at a million paragraphs): they are
searched as their most frequent stems, and the answer says so.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

MAX_INPUT = 1000  # characters of a search box read; the rest is ignored
TOKENIZE = "porter unicode61 remove_diacritics 2"
# Endings a prefix is completed with to find the stems its words have (see the module docstring).
ENDINGS = (
    "s es e ed ing ion ions al ally ly ic ical ity ities ility ilities ive ment ments ness er ers or ors ate ated "
    "ating ation ations ism ist ists ise ised ize ized y ies ied ance ence ant ent able ible ous ful less ian ians "
    "ial ary ory ional ization isation"
).split()
BROAD_PREFIX = 2  # prefixes this short are searched as their most frequent stems
BROAD_TERMS = 8  # how many

_TOKEN = re.compile(r'(?P<neg>-)?"(?P<phrase>[^"]*)"?(?P<star>\*)?|(?P<open>\()|(?P<close>\))|(?P<bare>[^\s()"]+)')
_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"\d{1,4}")
OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True)
class Term:
    """A word or a phrase; `prefix`: its last word is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Near:
    terms: tuple[Term, ...]
    distance: int | None = None


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Term | Near | Not | And | Or


@dataclass
class _Token:
    kind: str  # phrase, open, close, word, op, near
    text: str = ""
    negative: bool = False
    prefix: bool = False


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    matches = list(_TOKEN.finditer(text[:MAX_INPUT]))
    for i, m in enumerate(matches):
        if m.group("phrase") is not None:
            out.append(_Token("phrase", m.group("phrase"), bool(m.group("neg")), bool(m.group("star"))))
        elif m.group("open"):
            out.append(_Token("open"))
        elif m.group("close"):
            out.append(_Token("close"))
        else:
            bare = m.group("bare")
            following = matches[i + 1] if i + 1 < len(matches) else None
            if bare == "NEAR" and following is not None and following.group("open") and following.start() == m.end():
                out.append(_Token("near"))
            elif bare in OPERATORS:
                out.append(_Token("op", bare))
            else:
                negative = bare.startswith("-") and len(bare) > 1
                out.append(_Token("word", bare[1:] if negative else bare, negative, bare.endswith("*")))
    return out


class _Parser:
    """Recursive descent over the tokens: or := and (OR and)*; and := unary ([AND] unary)*;
    unary := NOT unary | -atom | atom; atom := ( or ) | NEAR( terms [, N] ) | phrase | word."""

    def __init__(self, tokens: list[_Token]):
        self.tokens, self.i = tokens, 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        self.i += 1
        return self.tokens[self.i - 1]

    def parse(self) -> Node | None:
        nodes = []
        while self.peek() is not None:
            node = self.or_()
            if node is not None:
                nodes.append(node)
            if self.peek() is not None and self.peek().kind == "close":
                self.take()  # an unbalanced ")" is ignored
        return _and(nodes)

    def or_(self) -> Node | None:
        nodes = [self.and_()]
        while (t := self.peek()) is not None and t.kind == "op" and t.text == "OR":
            self.take()
            nodes.append(self.and_())
        nodes = [n for n in nodes if n is not None]
        return None if not nodes else nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_(self) -> Node | None:
        nodes = []
        while (t := self.peek()) is not None and t.kind != "close" and not (t.kind == "op" and t.text == "OR"):
            if t.kind == "op" and t.text == "AND":
                self.take()
                continue
            node = self.unary()
            if node is not None:
                nodes.append(node)
        return _and(nodes)

    def unary(self) -> Node | None:
        t = self.peek()
        if t.kind == "op" and t.text == "NOT":
            self.take()
            if self.peek() is None or self.peek().kind == "close":
                return None
            node = self.unary()
            return Not(node) if node is not None else None
        return self.atom()

    def atom(self) -> Node | None:
        t = self.take()
        if t.kind == "open":
            node = self.or_()
            if self.peek() is not None and self.peek().kind == "close":
                self.take()
            return node
        if t.kind == "near":
            return self.near()
        if t.kind in ("phrase", "word"):
            term = _term(t.text, t.prefix)
            return None if term is None else Not(term) if t.negative else term
        return None  # an operator where a word belongs is taken as nothing

    def near(self) -> Node | None:
        self.take()  # the "(" after NEAR
        terms: list[Term] = []
        distance = None
        while (t := self.peek()) is not None and t.kind != "close":
            self.take()
            if t.kind == "word" and "," in t.text:
                before, _, after = t.text.partition(",")
                if (term := _term(before, False)) is not None:
                    terms.append(term)
                if _NUMBER.fullmatch(after):
                    distance = int(after)
                elif after == "" and (n := self.peek()) is not None and _NUMBER.fullmatch(n.text or ""):
                    distance = int(self.take().text)
            elif t.kind in ("phrase", "word") and (term := _term(t.text, t.prefix)) is not None:
                terms.append(term)
        if self.peek() is not None:
            self.take()
        if len(terms) < 2:
            return _and(terms)
        return Near(tuple(terms), distance)


def _term(text: str, prefix: bool) -> Term | None:
    words = tuple(w.lower() for w in _WORD.findall(text))
    return Term(words, prefix) if words else None


def _and(nodes: list[Node]) -> Node | None:
    return None if not nodes else nodes[0] if len(nodes) == 1 else And(tuple(nodes))


def parse(text: str | None) -> Node | None:
    """A search box input -> its query tree (None: nothing to search)."""
    return _Parser(_tokens(text or "")).parse()


# ----- stems ----------------------------------------------------------------------------------


class _Stemmer:
    """SQLite's own Porter tokenizer on a private in-memory database: the stems the index holds."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.conn = sqlite3.connect(":memory:", check_same_thread=False)
        self.conn.execute(f"CREATE VIRTUAL TABLE s USING fts5(t, tokenize='{TOKENIZE}')")
        self.conn.execute("CREATE VIRTUAL TABLE sv USING fts5vocab(s, instance)")

    def stems(self, words: list[str]) -> dict[str, str]:
        with self.lock:
            self.conn.execute("DELETE FROM s")
            self.conn.executemany("INSERT INTO s(rowid, t) VALUES (?, ?)", list(enumerate(words, 1)))
            found = {words[doc - 1]: term for term, doc in self.conn.execute("SELECT term, doc FROM sv")}
        return found


_stemmer = _Stemmer()


def stems(words: list[str]) -> dict[str, str]:
    """Each word's Porter stem as the FTS index has it."""
    return _stemmer.stems(words)


@lru_cache(maxsize=4096)
def completions(prefix: str) -> tuple[str, ...]:
    """Words whose stems a prefix's words have and FTS5's `prefix*` on stems misses: the prefix
    completed with each ending (also when the prefix already ends inside it), one word per stem that
    does not start with the prefix."""
    candidates = {prefix}
    for ending in ENDINGS:
        for cut in range(len(ending) + 1):
            if prefix.endswith(ending[:cut]):
                candidates.add(prefix + ending[cut:])
    found = stems(sorted(candidates))
    by_stem: dict[str, str] = {}
    for word in sorted(candidates, key=lambda w: (len(w), w)):
        stem = found.get(word)
        if stem and not stem.startswith(prefix):
            by_stem.setdefault(stem, word)
    return tuple(sorted(by_stem.values()))


# ----- the FTS5 expression ----------------------------------------------------------------------


@dataclass
class Expression:
    """A query rendered for FTS5: `match` ('' when nothing to search) and notes for the reader."""

    match: str
    notes: list[str] = field(default_factory=list)
    broad: bool = False  # a one- or two-letter prefix was searched as its most frequent words


BroadTerms = Callable[[str], list[str]]  # a short prefix -> the words it is searched as


def _phrase(words: tuple[str, ...], star: bool = False) -> str:
    return '"' + " ".join(words) + '"' + ("*" if star else "")


class _Renderer:
    def __init__(self, broad: BroadTerms | None):
        self.broad = broad
        self.notes: list[str] = []
        self.expanded = False

    def term(self, term: Term, in_near: bool = False) -> str:
        if not term.prefix:
            return _phrase(term.words)
        head, last = term.words[:-1], term.words[-1]
        if in_near:
            return _phrase(term.words, star=True)
        if len(last) <= BROAD_PREFIX and self.broad is not None:
            words = self.broad(last)
            if words:
                self.expanded = True
                self.notes.append(
                    f"{last}* stands for too many words to search at once: searched for its most frequent, "
                    + ", ".join(words)
                    + "."
                )
                return "(" + " OR ".join(_phrase((*head, w)) for w in words) + ")"
        variants = [_phrase(term.words, star=True)] + [_phrase((*head, w)) for w in completions(last)]
        return variants[0] if len(variants) == 1 else "(" + " OR ".join(variants) + ")"

    def render(self, node: Node) -> str | None:
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Near):
            distance = f", {node.distance}" if node.distance is not None else ""
            return "NEAR(" + " ".join(self.term(t, in_near=True) for t in node.terms) + distance + ")"
        if isinstance(node, Or):
            parts = [p for p in (self.render(n) for n in node.nodes) if p]
            if len(parts) < len(node.nodes):
                self.notes.append("A part of an OR made only of excluded words was left out.")
            return None if not parts else " OR ".join(_grouped(p) for p in parts)
        if isinstance(node, Not):
            self.notes.append("Excluding words needs a word to search for as well.")
            return None
        positives = [n for n in node.nodes if not isinstance(n, Not)]
        negatives = [n.node for n in node.nodes if isinstance(n, Not)]
        included = [p for p in (self.render(n) for n in positives) if p]
        if not included:
            if negatives:
                self.notes.append("Excluding words needs a word to search for as well.")
            return None
        expression = " AND ".join(_wrap(p) for p in included) if len(included) > 1 else included[0]
        excluded = [p for p in (self.render(n) for n in negatives) if p]
        if excluded:
            expression = f"({expression}) NOT ({' OR '.join(excluded)})"
        return expression


def _wrap(expression: str) -> str:
    """Parentheses around an expression that has operators at its top level."""
    return f"({expression})" if " OR " in expression or " NOT " in expression else expression


def _grouped(expression: str) -> str:
    """Parentheses around an OR operand that has AND or NOT at its top level."""
    return f"({expression})" if " AND " in expression or " NOT " in expression else expression


def expression(text: str | None, broad: BroadTerms | None = None) -> Expression:
    """A search box input -> its FTS5 expression and notes; `broad` gives the words a one- or
    two-letter prefix is searched as (None: FTS5's own prefix query)."""
    tree = parse(text)
    if tree is None:
        return Expression("")
    renderer = _Renderer(broad)
    return Expression(renderer.render(tree) or "", list(dict.fromkeys(renderer.notes)), renderer.expanded)


def fts_query(text: str | None) -> str:
    """A search box input -> a valid FTS5 MATCH expression ('' when nothing to search)."""
    return expression(text).match


def in_column(match: str, column: str) -> str:
    """The expression restricted to one column of the FTS table (quotes match their text, not
    their speaker's name)."""
    return f"{column} : ({match})" if match else ""
