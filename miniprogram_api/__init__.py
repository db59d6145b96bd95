"""Flask blueprints for the mini-program, the public tag page and the staff REST API.

Views are thin: parse and validate (miniprogram_api.routing), call one service, serialise."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from miniprogram_api import errors, routing
    from miniprogram_api.views import (
        accounts,
        adoption,
        adoption_review,
        applications,
        inbox,
        indicators,
        licences,
        lost_found,
        notices,
        ops,
        payments,
        personal_data,
        relay,
        shelter_records,
        shelter_staff,
        staff_accounts,
        staff_review,
        staff_session,
        stray_links,
        strays,
        subscriptions,
        system,
        tag,
        transfers,
        uploads,
    )

    errors.init_app(app)
    routing.install_converters(app)  # before the blueprints' rules are built
    for module in (system, ops, accounts, notices, subscriptions, uploads, applications, licences, transfers,
                   staff_review, inbox, tag, adoption, shelter_staff, lost_found, relay, strays,
                   payments, personal_data, staff_session, staff_accounts, shelter_records, adoption_review,
                   stray_links, indicators):
        app.register_blueprint(module.bp)
