"""Flask blueprints for the mini-program, the public tag page and the staff REST API.

Views are thin: parse and validate (miniprogram_api.routing), call one service, serialise."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from miniprogram_api import errors, ops, routing, system
    from miniprogram_api.accounts import personal_data, staff_accounts, staff_session
    from miniprogram_api.accounts import residents as accounts
    from miniprogram_api.administration import administration, finance
    from miniprogram_api.indicators import indicators
    from miniprogram_api.licensing import applications, licences, staff_review, tag, transfers
    from miniprogram_api.media import uploads
    from miniprogram_api.notices import notices, subscriptions
    from miniprogram_api.payments import payments
    from miniprogram_api.public_account import inbox
    from miniprogram_api.reports import lost_found, relay, stray_links, strays
    from miniprogram_api.shelter import adoption, adoption_review, shelter_records, shelter_staff
    from miniprogram_api.workbench import licences as staff_licences
    from miniprogram_api.workbench import workbench

    errors.init_app(app)
    routing.install_converters(app)  # before the blueprints' rules are built
    for module in (system, ops, accounts, notices, subscriptions, uploads, applications, licences, transfers,
                   staff_review, inbox, tag, adoption, shelter_staff, lost_found, relay, strays,
                   payments, personal_data, staff_session, staff_accounts, shelter_records, adoption_review,
                   stray_links, workbench, staff_licences, administration, finance, indicators):
        app.register_blueprint(module.bp)
