"""The workspace layer: the operations the command line and the desktop app share.

Between the core (files, front matter, search, the index cache) and the two faces: an open
folder's documents (``Workspace``), edits planned over a selection or a search and done as
one undoable step (``edits``), and saves with their failures (``saving``). No Qt here.
"""

from reviewer.workspace.edits import (
    AddTopic,
    Edit,
    Plan,
    RemoveTopic,
    SetValue,
    SetValues,
    Skip,
    Step,
    plan,
    preview,
    publish,
)
from reviewer.workspace.saving import SaveFailure, SaveReport, save, without_name
from reviewer.workspace.workspace import Workspace, duplicate_input, listed

__all__ = [
    "AddTopic",
    "Edit",
    "Plan",
    "RemoveTopic",
    "SaveFailure",
    "SaveReport",
    "SetValue",
    "SetValues",
    "Skip",
    "Step",
    "Workspace",
    "duplicate_input",
    "listed",
    "plan",
    "preview",
    "publish",
    "save",
    "without_name",
]
