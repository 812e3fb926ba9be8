"""Demo accounts for ``make run`` / ``occlusion serve --demo`` (a fresh local database only)."""

from __future__ import annotations

from sqlalchemy import select

from occlusion.services import accounts, grants
from occlusion.store.accounts import WebUser
from occlusion.store.engine import Database
from occlusion.web.config import WebConfig

DEMO_PASSWORD = "demo cuff at seven tenths"
DEMO_ACCOUNTS = (
    ("athlete@demo.local", "Demo Athlete", "athlete"),
    ("coach@demo.local", "Demo Coach", "coach"),
    ("admin@demo.local", "Demo Admin", "admin"),
)


def ensure_demo_accounts(database: Database, config: WebConfig) -> list[str]:
    """Create the demo accounts that are missing and return lines telling how to sign in."""
    now = config.clock()
    made: dict[str, accounts.Account] = {}
    for email, name, role in DEMO_ACCOUNTS:
        with database.session() as session:
            exists = session.scalars(select(WebUser.id).where(WebUser.email == email)).first()
        if exists is None:
            made[role] = accounts.sign_up(
                database,
                email=email,
                password=DEMO_PASSWORD,
                display_name=name,
                role=role,
                policy=config.password_policy,
                now=now,
                allow_admin=True,
            )
    if "athlete" in made:
        athlete = accounts.create_profile(
            database,
            made["athlete"],
            sex="female",
            birth_year=now.year - 30,
            body_mass=65.0,
            preferred_units="metric",
            now=now,
        )
        grants.grant_access(database, athlete, "coach@demo.local", now=now)
    return [
        f"demo account {email} / password {DEMO_PASSWORD} ({role})"
        for email, _name, role in DEMO_ACCOUNTS
    ]
