"""`run_service`: what `Golem.run_service` does, in a few lines over `Cluster`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from golem_hl._engine.engine import Engine
from golem_hl._session import StartedGolem
from golem_hl.network import Network
from golem_hl.payload import Payload
from golem_hl.services._plan import plan_instances
from golem_hl.services.cluster import Cluster
from golem_hl.services.service import ServiceSerialization, ServiceType

__all__ = ["resume_service", "run_service", "start_cluster"]


async def start_cluster(
    engine: Engine,
    service_class: type[ServiceType],
    num_instances: int | None = None,
    instance_params: Iterable[Mapping[str, Any]] | None = None,
    payload: Payload | None = None,
    expiration: datetime | None = None,
    network: Network | None = None,
    network_addresses: Sequence[str] | None = None,
    *,
    stream_output: bool = False,
    **cluster_options: Any,
) -> Cluster[ServiceType]:
    """Publish the demand and spawn the instances; returns at once (instances are pending).

    `cluster_options` are Cluster's own keywords (`shutdown_timeout`,
    `health_check_interval`, `no_proposals_timeout`).
    """
    if payload is None:
        payload = await service_class.get_payload()
    if payload is None:
        raise ValueError(
            f"no payload: {service_class.__name__}.get_payload() returned none"
            " and run_service() got no payload="
        )
    params = None if instance_params is None else list(instance_params)
    # refuse bad arguments before anything is published
    plan_instances(num_instances, params, network_addresses, has_network=network is not None)
    cluster = Cluster(
        engine,
        service_class,
        payload,
        expiration,
        network,
        stream_output=stream_output,
        **cluster_options,
    )
    await cluster._open()
    if num_instances is None or num_instances >= 1:
        cluster.spawn_instances(num_instances, params, network_addresses)
    return cluster


async def run_service(
    golem: StartedGolem,
    service_class: type[ServiceType],
    num_instances: int | None = None,
    instance_params: Iterable[Mapping[str, Any]] | None = None,
    payload: Payload | None = None,
    expiration: datetime | None = None,
    network: Network | None = None,
    network_addresses: Sequence[str] | None = None,
    **cluster_options: Any,
) -> Cluster[ServiceType]:
    """`golem.run_service(...)` for a started Golem: see `Golem.run_service`."""
    return await start_cluster(
        golem._running(),
        service_class,
        num_instances,
        instance_params,
        payload,
        expiration,
        network,
        network_addresses,
        stream_output=golem._stream_output,
        **cluster_options,
    )


async def resume_service(
    golem: StartedGolem,
    service_class: type[ServiceType],
    instances: Iterable[ServiceSerialization],
    payload: Payload | None = None,
    expiration: datetime | None = None,
    network: Network | None = None,
    **cluster_options: Any,
) -> Cluster[ServiceType]:
    """`golem.resume_service(...)`: a cluster of instances made again from `serialize()` records."""
    cluster = await start_cluster(
        golem._running(),
        service_class,
        0,
        None,
        payload,
        expiration,
        network,
        stream_output=golem._stream_output,
        **cluster_options,
    )
    cluster.resume_instances(instances)
    return cluster
