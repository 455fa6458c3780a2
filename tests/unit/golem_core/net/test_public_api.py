from __future__ import annotations

import golem_core.net as net


def test_all_lists_exactly_the_public_names_sorted() -> None:
    public = {name for name in vars(net) if not name.startswith("_")}
    assert sorted(net.__all__) == net.__all__
    assert set(net.__all__) == public
