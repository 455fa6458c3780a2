"""`golem_core.__all__` is exactly the package's public names, sorted, and all of them resolve."""

from __future__ import annotations

import types

import golem_core
from golem_core import (
    activity,
    event_bus,
    events,
    exceptions,
    ids,
    market,
    net,
    node,
    payment,
    transfer,
)


def ruff_order(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps `__all__` in: CONSTANTS, then Classes, then the rest."""
    if name.isupper() and len(name) > 1:
        return 0, name
    if name[0].isupper():
        return 1, name
    return 2, name


def public_names(module: types.ModuleType) -> list[str]:
    """What `import` makes visible (lazily too): no `_` names (but `__version__`), no submodules."""
    return [
        name
        for name in dir(module)
        if (not name.startswith("_") or name == "__version__")
        and not isinstance(getattr(module, name), types.ModuleType)
    ]


def test_all_is_the_sorted_public_names() -> None:
    assert golem_core.__all__ == sorted(public_names(golem_core), key=ruff_order)


def test_importing_the_package_loads_no_area() -> None:
    import subprocess
    import sys

    probe = "import sys, golem_core; print(sorted(m for m in sys.modules if m.startswith('golem')))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "['golem_core', 'golem_core._lazy']"


def test_gftp_wire_facts_come_without_the_node_and_the_rest_clients() -> None:
    # what an exe-unit and the gftp command import
    import subprocess
    import sys

    probe = (
        "import sys, golem_core.transfer._gftp; "
        "print(sorted(m for m in sys.modules if m.startswith('golem')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert "golem_core.node" not in loaded
    assert "golem_rest" not in loaded
    assert "golem_core.transfer._gftp" in loaded


def test_the_main_names_of_every_area_are_there() -> None:
    main = {
        "GolemNode",
        "DemandBuilder",
        "Demand",
        "Proposal",
        "Agreement",
        "Activity",
        "Deploy",
        "Start",
        "Run",
        "Transfer",
        "Terminate",
        "Batch",
        "Allocation",
        "PaymentManager",
        "publish_bytes",
        "receive_file",
        "Network",
        "GolemError",
        "BatchTimeoutError",
        "TransferLimitExceeded",
        "InvoiceSettled",
    }
    assert main <= set(golem_core.__all__)


def test_every_error_and_every_event_is_there() -> None:
    everything = set(golem_core.__all__)
    assert set(exceptions.__all__) <= everything
    assert set(events.__all__) - {"now"} <= everything


def test_every_name_is_an_areas_own_object() -> None:
    areas = [activity, market, payment, transfer, net, events, exceptions, ids, node, event_bus]
    for name in golem_core.__all__:
        if name == "__version__":
            continue
        value = getattr(golem_core, name)
        assert any(getattr(area, name, None) is value for area in areas), name


def test_names_two_areas_define_differently_are_left_to_the_areas() -> None:
    # the Deploy argument and the virtual network share a name; the top level means the latter
    assert golem_core.Network is net.Network
    assert getattr(activity, "Network") is not net.Network  # noqa: B009 (types differ)
    for name in ("Accept", "Reject", "Decision", "LinearPricing"):
        assert getattr(market, name) is not getattr(payment, name)
        assert name not in golem_core.__all__


def test_every_exported_exception_is_a_golem_error() -> None:
    raised = [
        value
        for value in (getattr(golem_core, name) for name in golem_core.__all__)
        if isinstance(value, type) and issubclass(value, BaseException)
    ]
    assert len(raised) >= 20
    assert all(issubclass(error, golem_core.GolemError) for error in raised)


def test_the_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version

    assert golem_core.__version__ == version("golem-requestor")
