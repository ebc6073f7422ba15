"""The detail pane's colours, shared by its header and its field editors (a module of its own:
the header is built with the window, the editors' modules only when the Fields tab is)."""

from __future__ import annotations

#: The marker and colour of a field with an unsaved change (the table's "modified" colour).
CHANGED_COLOR = "#b36b00"
