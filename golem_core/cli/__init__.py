"""The `golem-requestor` command (golem_core.cli.app), built on golem_core only.

- `views`: what each command shows, as JSON-ready records (pure)
- `render`: those records as rich tables (pure)
- `queries`: the calls to the daemon, through golem_core
- `app`: the typer commands and options

Nothing is imported here, so `import golem_core` never loads typer or rich.
"""
