"""The detail pane: one article's fields, its other fields, source and changes."""
