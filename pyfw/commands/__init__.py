"""One module per `pyfw` subcommand."""
