"""Git in the window: the status of files, commit, sync, and settling merge conflicts."""
