from __future__ import annotations

import golem_core.transfer as transfer
from golem_core.exceptions import GolemError


def test_all_lists_exactly_the_public_names_sorted() -> None:
    public = {name for name in dir(transfer) if not name.startswith("_")}
    assert sorted(transfer.__all__, key=str) == transfer.__all__
    assert set(transfer.__all__) == public


def test_every_transfer_error_is_a_golem_error() -> None:
    values = [getattr(transfer, name) for name in transfer.__all__]
    errors = [value for value in values if isinstance(value, type) and issubclass(value, Exception)]
    assert len(errors) == 7
    assert all(issubclass(error, GolemError) for error in errors)
