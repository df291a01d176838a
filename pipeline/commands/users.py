"""`chitieu users add|remove|list FILE`: the reviewers' users file (names and argon2 password hashes)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import typer

from pipeline.commands.common import console, fail


def read_password(from_stdin: bool, confirm: bool = True) -> str:
    """A password from stdin's first line (scripts) or typed twice without echo (people)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        fail("no terminal to type a password in: pass --password-stdin and give it on stdin")
    first = getpass.getpass("password: ")
    if confirm and getpass.getpass("again: ") != first:
        fail("the two passwords differ")
    return first


def register(app: typer.Typer) -> None:
    users_app = typer.Typer(help="Reviewers who may log in to the review page (`chitieu review --users FILE`).",
                            no_args_is_help=True)
    app.add_typer(users_app, name="users")

    @users_app.command("add")
    def add(file: Path = typer.Argument(..., help="the users file (created when missing, readable by its owner only)"),
            login: str = typer.Argument(..., help="login name, e.g. nga.ht"),
            name: str = typer.Option(..., "--name", help="full name as the review log shows it, e.g. \"Hoàng Thị Nga\""),
            password_stdin: bool = typer.Option(False, "--password-stdin", help="read the password from stdin")):
        """Add a reviewer, or set a new password for one."""
        from pipeline.review.auth import User, UsersFileError, hash_password, read_users, write_users

        if any(c in login + name for c in "\t\n") or not login.strip() or not name.strip():
            fail("login and name must be non-empty and hold no tab or line break")
        try:
            users = read_users(file) if file.exists() else {}
            hashed = hash_password(read_password(password_stdin))
        except (UsersFileError, ValueError) as e:
            fail(str(e))
        existed = login in users
        users[login] = User(login.strip(), name.strip(), hashed)
        write_users(file, users)
        console.print(f"{'updated' if existed else 'added'} {login} ({name}) in {file}", highlight=False)

    @users_app.command("remove")
    def remove(file: Path = typer.Argument(...), login: str = typer.Argument(...)):
        """Remove a reviewer: they can no longer log in (their past decisions stay in the review log)."""
        from pipeline.review.auth import UsersFileError, read_users, write_users

        try:
            users = read_users(file)
        except UsersFileError as e:
            fail(str(e))
        if login not in users:
            fail(f"{file}: no user '{login}'")
        del users[login]
        write_users(file, users)
        console.print(f"removed {login} from {file}", highlight=False)

    @users_app.command("list")
    def list_users(file: Path = typer.Argument(...)):
        """The logins and names in a users file."""
        from pipeline.review.auth import UsersFileError, read_users

        try:
            users = read_users(file)
        except UsersFileError as e:
            fail(str(e))
        for u in users.values():
            console.print(f"{u.login}\t{u.name}", highlight=False)
