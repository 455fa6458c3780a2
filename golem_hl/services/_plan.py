"""How many instances to spawn, with which `__init__` arguments and VPN addresses. No I/O.

The rules of yapapi's `run_service` / `Cluster.spawn_instances`: one instance
by default; as many as `instance_params` has when only it is given;
`num_instances` wins when both are (too few params is an error); fewer than one
means none. Addresses go to the instances in order; the rest get the next free
address of the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

__all__ = ["InstanceSpec", "plan_instances"]


@attrs.frozen
class InstanceSpec:
    params: Mapping[str, Any]
    # the instance's address in the VPN; None: the next free one
    address: str | None = None


def plan_instances(
    num_instances: int | None,
    instance_params: Iterable[Mapping[str, Any]] | None,
    network_addresses: Sequence[str] | None,
    *,
    has_network: bool,
) -> list[InstanceSpec]:
    if network_addresses and not has_network:
        raise ValueError("network_addresses need a network: pass network= as well")
    if num_instances is not None and num_instances < 1:
        return []
    if instance_params is None:
        params: list[Mapping[str, Any]] = [{}] * (num_instances or 1)
    else:
        params = [dict(p) for p in instance_params]
        if num_instances is not None:
            if len(params) < num_instances:
                raise ValueError(
                    f"{num_instances} instances need as many instance_params, got {len(params)}"
                )
            params = params[:num_instances]
    addresses = list(network_addresses or ())
    return [
        InstanceSpec(p, addresses[i] if i < len(addresses) else None) for i, p in enumerate(params)
    ]
