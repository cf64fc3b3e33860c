class UnitsError(Exception):
    """A request the units services refuse; the message is shown to the user (Chinese)."""


class NotAllowed(UnitsError):
    pass
