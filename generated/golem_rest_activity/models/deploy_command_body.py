from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deploy_command_body_env import DeployCommandBodyEnv
    from ..models.deploy_command_body_hosts import DeployCommandBodyHosts
    from ..models.deploy_network import DeployNetwork
    from ..models.progress_args import ProgressArgs
    from ..models.volume_map import VolumeMap


T = TypeVar("T", bound="DeployCommandBody")


@_attrs_define
class DeployCommandBody:
    """Prepare the payload (e.g. fetch the image). Every field may be left out.

    Attributes:
        env (DeployCommandBodyEnv | Unset): Environment variables for the payload.
        hostname (None | str | Unset): Host name the payload should see for itself.
        hosts (DeployCommandBodyHosts | Unset): Host names to resolve inside the payload, name to IP.
        net (list[DeployNetwork] | Unset): Virtual networks to join.
        progress (None | ProgressArgs | Unset):
        volumes (list[str] | Unset | VolumeMap): Volumes to mount: a list of paths (plain host volumes), or a map from
            path to a `VolumeMount`.
    """

    env: DeployCommandBodyEnv | Unset = UNSET
    hostname: None | str | Unset = UNSET
    hosts: DeployCommandBodyHosts | Unset = UNSET
    net: list[DeployNetwork] | Unset = UNSET
    progress: None | ProgressArgs | Unset = UNSET
    volumes: list[str] | Unset | VolumeMap = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.progress_args import ProgressArgs  # noqa: PLC0415

        env: dict[str, Any] | Unset = UNSET
        if not isinstance(self.env, Unset):
            env = self.env.to_dict()

        hostname: None | str | Unset
        if isinstance(self.hostname, Unset):
            hostname = UNSET
        else:
            hostname = self.hostname

        hosts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.hosts, Unset):
            hosts = self.hosts.to_dict()

        net: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.net, Unset):
            net = []
            for net_item_data in self.net:
                net_item = net_item_data.to_dict()
                net.append(net_item)

        progress: dict[str, Any] | None | Unset
        if isinstance(self.progress, Unset):
            progress = UNSET
        elif isinstance(self.progress, ProgressArgs):
            progress = self.progress.to_dict()
        else:
            progress = self.progress

        volumes: dict[str, Any] | list[str] | Unset
        if isinstance(self.volumes, Unset):
            volumes = UNSET
        elif isinstance(self.volumes, list):
            volumes = self.volumes

        else:
            volumes = self.volumes.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if env is not UNSET:
            field_dict["env"] = env
        if hostname is not UNSET:
            field_dict["hostname"] = hostname
        if hosts is not UNSET:
            field_dict["hosts"] = hosts
        if net is not UNSET:
            field_dict["net"] = net
        if progress is not UNSET:
            field_dict["progress"] = progress
        if volumes is not UNSET:
            field_dict["volumes"] = volumes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deploy_command_body_env import DeployCommandBodyEnv  # noqa: PLC0415
        from ..models.deploy_command_body_hosts import DeployCommandBodyHosts  # noqa: PLC0415
        from ..models.deploy_network import DeployNetwork  # noqa: PLC0415
        from ..models.progress_args import ProgressArgs  # noqa: PLC0415
        from ..models.volume_map import VolumeMap  # noqa: PLC0415

        d = dict(src_dict)
        _env = d.pop("env", UNSET)
        env: DeployCommandBodyEnv | Unset
        if isinstance(_env, Unset):
            env = UNSET
        else:
            env = DeployCommandBodyEnv.from_dict(_env)

        def _parse_hostname(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hostname = _parse_hostname(d.pop("hostname", UNSET))

        _hosts = d.pop("hosts", UNSET)
        hosts: DeployCommandBodyHosts | Unset
        if isinstance(_hosts, Unset):
            hosts = UNSET
        else:
            hosts = DeployCommandBodyHosts.from_dict(_hosts)

        _net = d.pop("net", UNSET)
        net: list[DeployNetwork] | Unset = UNSET
        if _net is not UNSET:
            net = []
            for net_item_data in _net:
                net_item = DeployNetwork.from_dict(net_item_data)

                net.append(net_item)

        def _parse_progress(data: object) -> None | ProgressArgs | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_progress_args_type_0 = ProgressArgs.from_dict(data)

                return componentsschemas_progress_args_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProgressArgs | Unset, data)

        progress = _parse_progress(d.pop("progress", UNSET))

        def _parse_volumes(data: object) -> list[str] | Unset | VolumeMap:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_volumes_type_0 = cast(list[str], data)

                return componentsschemas_volumes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_volumes_type_1 = VolumeMap.from_dict(data)

            return componentsschemas_volumes_type_1

        volumes = _parse_volumes(d.pop("volumes", UNSET))

        deploy_command_body = cls(
            env=env,
            hostname=hostname,
            hosts=hosts,
            net=net,
            progress=progress,
            volumes=volumes,
        )

        deploy_command_body.additional_properties = d
        return deploy_command_body

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
