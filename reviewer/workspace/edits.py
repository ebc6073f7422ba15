"""Edits over many documents: what to change, the plan of it, and the command that does it.

An *edit* says what to change in one document (``SetValue``: publish, unpublish, set a
field; ``AddTopic``, ``RemoveTopic``). ``plan(edit, documents)`` works out, without reading
any file, which documents it would change and to what, and which it must skip and why: a
``Plan``. ``Plan.preview(step)`` is the exact diff one change makes to its file (the one step
that reads it). ``Plan.command()`` is a ``SetValues``: the change as one undoable step, which
the app puts on its undo stack and the command line simply does. Both faces edit through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from reviewer.core import diff, fields
from reviewer.core.document import MISSING, Document
from reviewer.core.errors import EditError, ReviewerError
from reviewer.core.frontmatter.edit import KeyPath, same


class Skip(ReviewerError):
    """This document cannot take the edit (the sentence says why; no file name)."""


class Edit(Protocol):
    """A change to make in each document of a selection or a search."""

    def target(self, document: Document) -> tuple[KeyPath, Any]:
        """The key path and the new value for ``document``; Skip when it cannot take it."""

    def describe(self, items: str) -> str:
        """The undo step's text for ``items`` ("12 articles")."""


@dataclass(frozen=True)
class SetValue:
    """Set one value (``published: true``, ``quality: 40``, ``provider.name: ARN``)."""

    path: KeyPath
    value: Any
    verb: str = ""  # "Publish", "Set category": the start of describe()'s text
    force: bool = False  # also a protected field (``secured``): only when asked by name

    def target(self, document: Document) -> tuple[KeyPath, Any]:
        """The key path and the value; Skip when the value does not fit the field (the
        registry's check), the field is protected and not forced, or a key on the way holds
        no mapping."""
        problem = refusal(self.path, self.value, self.force)
        if problem is not None:
            raise Skip(problem)
        if not document.knows(self.path[:1]):
            return self.path, self.value  # a light document: the save checks the file
        current: Any = document.view.data
        for depth, part in enumerate(self.path[:-1], start=1):
            current = current.get(part) if isinstance(current, dict) else None
            if current is None:
                break  # missing (or null): the mapping is created
            if not isinstance(current, dict):
                key = ".".join(self.path[:depth])
                raise Skip(f"{key} is not a mapping, so {'.'.join(self.path)} cannot be set in it")
        return self.path, self.value

    def describe(self, items: str) -> str:
        """ "Publish 3 articles", "Set category to “news” on 2 articles"."""
        verb = self.verb or f"Set {'.'.join(self.path)}"
        if self.path == PUBLISHED and isinstance(self.value, bool):
            return f"{verb} {items}"
        return f"{verb} to “{self.value}” on {items}"


def refusal(path: KeyPath, value: Any, force: bool = False) -> str | None:
    """Why setting ``value`` at ``path`` is refused everywhere, whatever the document: a
    protected field (unless ``force``), or a value the field's kind does not allow."""
    field = fields.find(path)
    if field is not None and field.protected and not force:
        return (
            f"{field.name} is protected ({field.tip[:1].lower()}{field.tip[1:].rstrip('.')}); "
            "it is changed only when forced (reviewer set --force)"
        )
    return fields.value_problem(path, value)


#: The key path of the published flag.
PUBLISHED: KeyPath = ("published",)


def publish(value: bool = True) -> SetValue:
    """The edit that publishes (or, with False, unpublishes)."""
    return SetValue(PUBLISHED, value, "Publish" if value else "Unpublish")


@dataclass(frozen=True)
class AddTopic:
    """Add a topic to each article that lacks it (compared ignoring case)."""

    topic: str

    def target(self, document: Document) -> tuple[KeyPath, Any]:
        """The topics with this one added."""
        topics = _topics(document)
        if any(_same_topic(t, self.topic) for t in topics):
            return ("topics",), topics
        return ("topics",), [*topics, self.topic]

    def describe(self, items: str) -> str:
        """ "Add topic “AI” to 3 articles"."""
        return f"Add topic “{self.topic}” to {items}"


@dataclass(frozen=True)
class RemoveTopic:
    """Remove a topic (compared ignoring case) from each article that has it."""

    topic: str

    def target(self, document: Document) -> tuple[KeyPath, Any]:
        """The topics without this one."""
        return ("topics",), [t for t in _topics(document) if not _same_topic(t, self.topic)]

    def describe(self, items: str) -> str:
        """ "Remove topic “AI” from 3 articles"."""
        return f"Remove topic “{self.topic}” from {items}"


def _topics(document: Document) -> list[Any]:
    topics = document.get(("topics",))
    if topics is MISSING or topics is None:
        return []
    if not isinstance(topics, list):
        raise Skip("topics is not a list")
    return topics


def _same_topic(topic: Any, wanted: str) -> bool:
    return isinstance(topic, str) and topic.casefold() == wanted.casefold()


@dataclass(frozen=True)
class Step:
    """One value of one document: what it was and what it becomes."""

    document: Document
    path: KeyPath
    before: Any  # MISSING when the key was absent
    after: Any


class SetValues:
    """Steps done together: one undo step. ``do`` and ``undo`` return the documents touched."""

    def __init__(self, steps: Sequence[Step], text: str) -> None:
        self.steps = list(steps)
        self.text = text

    def do(self) -> list[Document]:
        """Make every step's change."""
        for step in self.steps:
            step.document.set(step.path, step.after)
        return self.documents()

    def undo(self) -> list[Document]:
        """Put every value back, last first."""
        for step in reversed(self.steps):
            step.document.set(step.path, step.before)
        return self.documents()

    def documents(self) -> list[Document]:
        """The documents the steps touch, each once, in order."""
        return list(dict.fromkeys(step.document for step in self.steps))

    def merge(self, other: SetValues) -> bool:
        """Fold ``other`` (a later edit of the same single value) into this one; True when
        done. Typing in one field makes one undo step, not one per key press."""
        if len(self.steps) != 1 or len(other.steps) != 1:
            return False
        mine, theirs = self.steps[0], other.steps[0]
        if mine.document is not theirs.document or mine.path != theirs.path:
            return False
        self.steps[0] = Step(mine.document, mine.path, mine.before, theirs.after)
        return True


@dataclass
class Outcome:
    """What a plan does to one document: a step, nothing (already so), or a skip."""

    document: Document
    step: Step | None = None
    problem: str | None = None


@dataclass
class Plan:
    """What an edit would do to each document, in order; nothing is changed by planning."""

    edit: Edit
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def steps(self) -> list[Step]:
        """The changes to make."""
        return [o.step for o in self.outcomes if o.step is not None]

    @property
    def skipped(self) -> list[Outcome]:
        """The documents that cannot take the edit, with the reason."""
        return [o for o in self.outcomes if o.problem is not None]

    def describe(self) -> str:
        """The undo step's text: "Publish 12 articles", "Add topic “x” to 3 articles"."""
        count = len(self.steps)
        return self.edit.describe(f"{count} article" if count == 1 else f"{count} articles")

    def command(self) -> SetValues:
        """The plan's changes as one undoable step (not done yet)."""
        return SetValues(self.steps, self.describe())


def plan(edit: Edit, documents: Iterable[Document]) -> Plan:
    """What ``edit`` would do to each of ``documents`` (reads no file)."""
    made = Plan(edit)
    for document in documents:
        made.outcomes.append(_outcome(edit, document))
    return made


def _outcome(edit: Edit, document: Document) -> Outcome:
    if not document.editable:
        return Outcome(document, problem=document.article.error)
    try:
        path, value = edit.target(document)
    except Skip as exc:
        return Outcome(document, problem=str(exc))
    if not document.knows(path):  # a light document's summary lacks it: load() first
        return Outcome(document, problem=f"{'.'.join(path)} needs the file read first")
    before = document.get(path)
    if same(before, value):
        return Outcome(document)
    return Outcome(document, Step(document, path, before, value))


def changes(document: Document, step: Step | None = None) -> tuple[bytes, bytes]:
    """The file's bytes with ``document``'s pending changes, and with ``step`` made too.

    Reads the file when the document is light (this is a load step); nothing is written and
    the document is not changed. Raises EditError when a change cannot be written exactly.
    """
    document.load()
    copy = Document(document.article)
    copy.changes = dict(document.changes)
    before = copy.render() if copy.changes else document.article.raw
    if step is None:
        return document.article.raw, before
    copy.set(step.path, step.after)
    return before, copy.render()


def preview(step: Step, old_name: str | None = None, new_name: str | None = None) -> list[str]:
    """The unified diff ``step`` makes to its file (after the document's pending changes).

    A change that cannot be written exactly is one line that says so.
    """
    name = step.document.path.name
    try:
        before, after = changes(step.document, step)
    except (EditError, ReviewerError) as exc:
        return [f"{name}: this change cannot be written exactly: {exc}"]
    return diff.unified(before, after, old_name or name, new_name or name)
