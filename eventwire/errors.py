"""Errors that reach a user as one clear line (never a traceback)."""


class EventwireError(Exception):
    """Base class: ``str(err)`` is the one-line message shown to the user."""


class InputError(EventwireError):
    """Unusable input: a file, line or field that cannot be read."""


class DataFileError(EventwireError):
    """A malformed entry in one of the project's (or a user's) data files."""

    def __init__(self, path: str, line: int | None, reason: str):
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {reason}")
        self.path, self.line, self.reason = path, line, reason
