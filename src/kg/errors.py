"""One error family: every error the user can see carries a message and a status.

The Flask error handler turns a :class:`KGError` into ``{"error": ..., "status": ...}``
and the CLI turns it into a message on stderr and an exit code.
"""

from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """An error with a message meant for the user and an HTTP-like status.

    >>> e = KGError("no such report", 404)
    >>> (str(e), e.status, e.exit_code)
    ('no such report', 404, 2)
    """

    status = 500

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    @property
    def exit_code(self) -> int:
        """Exit code for the CLI: 1 for input the user can fix, 2 for everything else."""
        return 1 if self.status in (400, 422) else 2

    def to_json(self) -> dict:
        """The one JSON shape of errors."""
        return {"error": self.message, "status": self.status}

    def __reduce__(self):
        """Errors cross process boundaries (from a build's extraction workers) unchanged.

        >>> import pickle
        >>> error = pickle.loads(pickle.dumps(InputFileError("a.txt", 3, "bad")))
        >>> (type(error).__name__, str(error), error.line, error.status)
        ('InputFileError', 'a.txt:3: bad', 3, 400)
        """
        return (_restore, (type(self), self.args, dict(self.__dict__)))


def _restore(cls: type, args: tuple, state: dict) -> KGError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class BadRequest(KGError):
    """Malformed query, parameter or request (400)."""

    status = 400


class NotFound(KGError):
    """Unknown resource (404)."""

    status = 404


class NotAcceptable(KGError):
    """No representation fits the ``Accept`` header or ``format`` (406)."""

    status = 406


class Unavailable(KGError):
    """The service cannot answer now: no store built yet, deadline passed (503)."""

    status = 503


class InputFileError(KGError):
    """A problem in a user's file, named with its path and line.

    >>> print(InputFileError("data/entities/actors.yaml", 12, "duplicate slug ocp"))
    data/entities/actors.yaml:12: duplicate slug ocp
    """

    status = 400

    def __init__(self, path: str | Path, line: int | None, message: str):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.line = line
        self.detail = message


class ValidationFailed(KGError):
    """The built dataset does not conform to the shapes; the store was not replaced."""

    status = 422
