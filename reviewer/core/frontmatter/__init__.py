"""Front matter as text: splitting a file, loading YAML strictly, and editing values in place
by span surgery (the save layer's text work)."""
