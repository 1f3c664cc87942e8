"""The one error family. Domain and store raise these; the CLI turns them into one red line."""


class CommsError(Exception):
    """A user-facing error: names the field and the value that were wrong."""

    def __init__(self, message: str, field: str | None = None, value: object = None):
        self.field = field
        self.value = value
        self.message = message
        super().__init__(self.line())

    def line(self, lang: str = "en") -> str:
        """``field='value': message`` (``field: message`` when no value was given); the message said in ``lang`` when it is a labels.Msg (else English)."""
        from commscli.labels import Msg, field_name, say, shown_time

        message = say(self.message, lang)
        if self.field is None:
            return message
        field = field_name(self.field, lang)
        if self.value is None:  # nothing was given: name the option alone
            return f"{field}: {message}"
        shown = repr(say(self.value, lang) if isinstance(self.value, Msg) else shown_time(self.value, lang))
        if len(shown) > 200:  # a hostile value (a 10 MB cell) is named, not printed
            shown = shown[:100] + f"…({len(str(self.value))} characters)"
        return f"{field}={shown}: {message}"


class InputError(CommsError):
    """A value given by the user (argument, option, file row) is not acceptable."""


class NotFound(CommsError):
    """A record named by the user does not exist."""


class RuleError(CommsError):
    """A rule of the domain refuses the action (step out of order, deadline, quota …)."""


class StoreError(CommsError):
    """The store cannot be opened or is damaged."""


class PolicyError(CommsError):
    """The policy file has an unknown key or a wrong type."""
