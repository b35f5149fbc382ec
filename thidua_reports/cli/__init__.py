"""Command line: commands, console summaries, watch. The only package that talks to the console."""
