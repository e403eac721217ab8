"""Why a mutation is rejected. Each class has a stable code that the phone translates."""


class SyncError(Exception):
    code = "rejected"

    def __init__(self, message: str | None = None, fields: dict | None = None):
        super().__init__(message or (self.__doc__ or self.code).strip())
        self.message = str(self.args[0])
        self.fields = fields or {}


class UnknownMutation(SyncError):
    """The server has no handler of this name."""
    code = "unknown_mutation"


class InvalidArgs(SyncError):
    """The mutation's arguments are not valid."""
    code = "validation_failed"


class InvalidClock(SyncError):
    """The mutation's hlc or device time is malformed."""
    code = "invalid_clock"


class ClockSkew(SyncError):
    """Device clock is too far ahead of the server's."""
    code = "clock_skew"


class Forbidden(SyncError):
    """This role may not make this change."""
    code = "forbidden"


class NotFound(SyncError):
    """The record it refers to does not exist at this site."""
    code = "not_found"


class Conflict(SyncError):
    """The change is not allowed from the record's current state."""
    code = "conflict"


class PhotoMissing(SyncError):
    """A photo it refers to has not reached the server: upload it first."""
    code = "photo_missing"


class OtherUser(SyncError):
    """This change was sent before by another person: only they may send it again."""
    code = "other_user"
