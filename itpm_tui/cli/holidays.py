"""`itpm holidays`: the company's public-holiday calendar, set, shown, and projects opted out."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from itpm_tui.cli.base import CliError, db_option, open_engine

if TYPE_CHECKING:
    from itpm_tui.cli.base import Subcommands


def add_parser(commands: Subcommands) -> None:
    holidays = commands.add_parser(
        "holidays", help="the company's public holidays, which every project's plan skips"
    )
    actions = holidays.add_subparsers(dest="holidays_command", metavar="ACTION", required=True)
    set_ = actions.add_parser(
        "set", help="set the company calendar's country (none: no public holidays)"
    )
    db_option(set_, top=False)
    set_.add_argument("country", help="ISO country code, e.g. DE; 'none' clears the calendar")
    set_.add_argument("--subdivision", default="", help="state or region code, e.g. BY")
    show = actions.add_parser("show", help="print the company calendar and a year's holidays")
    db_option(show, top=False)
    show.add_argument("--year", type=int, help="the year to list (default: this year)")
    show.add_argument("--project", metavar="CODE", help="the calendar this project follows")
    for name, text in (
        ("opt-out", "a project keeps its own calendar only (no public holidays)"),
        ("opt-in", "a project follows the company calendar again"),
    ):
        parser = actions.add_parser(name, help=text)
        db_option(parser, top=False)
        parser.add_argument("project", help="project code")


def cmd_holidays(args: argparse.Namespace) -> int:
    if args.holidays_command == "set":
        return _set(args)
    if args.holidays_command == "show":
        return _show(args)
    return _opt(args, follows=args.holidays_command == "opt-in")


def _set(args: argparse.Namespace) -> int:
    from itpm_tui import clock
    from itpm_tui.db import write_session
    from itpm_tui.services.planning.public_holiday_records import set_company_region

    country = "" if args.country.strip().lower() == "none" else args.country
    if not country and args.subdivision.strip():
        raise CliError(
            "a subdivision needs its country, e.g. itpm holidays set DE --subdivision BY"
        )
    engine = open_engine(args)
    label = f"public holidays {country or 'none'}"
    with write_session(engine, label) as session:
        region = set_company_region(session, country, args.subdivision, clock.today())
    if region is None:
        print("Company calendar cleared: no public holidays; every open plan is rescheduled.")
    else:
        print(f"Company calendar: public holidays of {region}; every open plan is rescheduled.")
    return 0


def _show(args: argparse.Namespace) -> int:
    from itpm_tui import clock
    from itpm_tui.db import read_session
    from itpm_tui.services.planning import public_holiday_records as company
    from itpm_tui.services.planning.public_holidays import public_holidays
    from itpm_tui.services.portfolio.projects import find_project
    from itpm_tui.services.shared.text import clean_text

    year = args.year if args.year is not None else clock.today().year
    if not 1 <= year <= 9999:
        raise CliError(f"{year} is not a year: give one such as 2027")
    engine = open_engine(args)
    with read_session(engine) as session:
        region = company.company_region(session)
        out = company.opted_out(session)
        if args.project:
            project = find_project(session, args.project)
            assert project.id is not None  # a stored row has its id
            setting = company.project_public_holidays(session, project.id)
            code = clean_text(project.code)
            region = setting.region
            if not setting.follows_company:
                print(f"{code} keeps its own calendar only: no public holidays.")
            else:
                print(f"{code} follows the company calendar: {region or 'none set'}.")
    if not args.project:
        if region is None:
            print("No company calendar: set one, e.g. itpm holidays set DE --subdivision BY")
        else:
            print(f"Company calendar: public holidays of {region}.")
        if out:
            print("On their own calendar only: " + ", ".join(clean_text(c) for c in out))
    if region is None:
        return 0
    days = public_holidays(region, year)
    if not days:
        print(f"No public holidays of {region} are known for {year}.")
        return 0
    print(f"{year}:")
    for day, name in days:
        print(f"  {day.isoformat()} {day.strftime('%a')}  {clean_text(name)}")
    return 0


def _opt(args: argparse.Namespace, *, follows: bool) -> int:
    from itpm_tui import clock
    from itpm_tui.db import write_session
    from itpm_tui.services.planning.public_holiday_records import set_follows_company
    from itpm_tui.services.portfolio.projects import find_project
    from itpm_tui.services.shared.text import clean_text

    engine = open_engine(args)
    label = "follow the company calendar" if follows else "own calendar only"
    with write_session(engine, label) as session:
        project = find_project(session, args.project)
        assert project.id is not None  # a stored row has its id
        changed = set_follows_company(session, project.id, follows, clock.today())
    code = clean_text(project.code)
    if not changed:
        state = "follows the company calendar" if follows else "keeps its own calendar only"
        print(f"{code} already {state}.")
    elif follows:
        print(f"{code} follows the company calendar again; its plan is rescheduled.")
    else:
        print(f"{code} keeps its own calendar only; its plan is rescheduled.")
    return 0
