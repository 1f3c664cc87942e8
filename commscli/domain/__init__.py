"""The rules: pure functions and dataclasses. No typer, rich, jinja2 or sqlite here."""
