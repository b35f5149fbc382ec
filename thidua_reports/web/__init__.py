"""The officer's web interface on a workspace (`thidua serve`, SPEC §13): same pipeline, lock and files as the CLI."""
