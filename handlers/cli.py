"""`flask --app wsgi wechat push-menu`: the public-account menu is data (handlers/menu.json)."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from backend.core import ports

wechat_cli = AppGroup("wechat", help="Public account.")
MENU_FILE = Path(__file__).resolve().parent / "menu.json"


def menu() -> dict:
    text = MENU_FILE.read_text(encoding="utf-8").replace("{mini_appid}", current_app.config["WECHAT_MINI_APPID"])
    data = json.loads(text)
    data.pop("_comment", None)
    return data


@wechat_cli.command("push-menu")
def push_menu_command() -> None:
    outcome = ports.get(ports.MessageSender).create_menu(menu())
    if not outcome.ok:
        raise click.ClickException(f"WeChat refused the menu: {outcome.category} {outcome.errcode} {outcome.detail}")
    click.echo(f"menu pushed: {', '.join(button['name'] for button in menu()['button'])}")
