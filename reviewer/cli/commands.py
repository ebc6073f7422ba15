"""The subcommands' names, alone, so that ``reviewer [FOLDER]`` can tell a command from a
folder without importing the command line (about 0.1 s of the desktop app's start)."""

#: The git subcommands (``cli/gitcommands.py`` adds their parsers).
GIT_COMMANDS = ("status", "commit", "sync", "git-setup")

#: The subcommands; any other first argument is a folder to open in the desktop app.
COMMANDS = (
    "list",
    "show",
    "publish",
    "unpublish",
    "set",
    "check",
    "collections",
    "report",
    "merge-file",
    "resolve",
    *GIT_COMMANDS,
)
