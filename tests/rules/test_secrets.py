"""SECRET-IN-DESIGN (generator/rules/secrets.py) in the catalogue's trigger/near-miss form.

The rule's own detailed tests live in tests/export/test_secret_rule.py.
"""

from __future__ import annotations

import pytest

from tests.rules.kit import Case, Data, check_fires, check_quiet


def password_in_description(d: Data) -> None:
    d["storage_servers"][0]["description"] = "NFS appliance, web UI login admin password=hunter2"


def password_mentioned(d: Data) -> None:
    d["storage_servers"][0]["description"] = "NFS appliance; the admin password is in the vault"


CASES = [
    Case("SECRET-IN-DESIGN", password_in_description, ("'password=…'", "clear text"), password_mentioned,
         at="hunter2"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)
