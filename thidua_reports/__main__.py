"""Allow `python -m thidua_reports`."""

from thidua_reports.cli.main import main

if __name__ == "__main__":
    main(prog_name="thidua")
