"""A folder of article files: listing it, reading it in batches, and the index cache of
summaries that makes a reopen fast."""
