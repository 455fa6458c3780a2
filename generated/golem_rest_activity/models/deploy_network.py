from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deploy_network_nodes import DeployNetworkNodes


T = TypeVar("T", bound="DeployNetwork")


@_attrs_define
class DeployNetwork:
    """Membership of one virtual network.

    Attributes:
        id (str): The network's id.
        ip (str): The network address.
        node_ip (str): This activity's address in the network.
        gateway (None | str | Unset): The gateway address.
        mask (None | str | Unset): The network mask.
        nodes (DeployNetworkNodes | Unset): Other members, IP to node id.
    """

    id: str
    ip: str
    node_ip: str
    gateway: None | str | Unset = UNSET
    mask: None | str | Unset = UNSET
    nodes: DeployNetworkNodes | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        ip = self.ip

        node_ip = self.node_ip

        gateway: None | str | Unset
        if isinstance(self.gateway, Unset):
            gateway = UNSET
        else:
            gateway = self.gateway

        mask: None | str | Unset
        if isinstance(self.mask, Unset):
            mask = UNSET
        else:
            mask = self.mask

        nodes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.nodes, Unset):
            nodes = self.nodes.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "ip": ip,
                "nodeIp": node_ip,
            }
        )
        if gateway is not UNSET:
            field_dict["gateway"] = gateway
        if mask is not UNSET:
            field_dict["mask"] = mask
        if nodes is not UNSET:
            field_dict["nodes"] = nodes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deploy_network_nodes import DeployNetworkNodes  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        ip = d.pop("ip")

        node_ip = d.pop("nodeIp")

        def _parse_gateway(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gateway = _parse_gateway(d.pop("gateway", UNSET))

        def _parse_mask(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mask = _parse_mask(d.pop("mask", UNSET))

        _nodes = d.pop("nodes", UNSET)
        nodes: DeployNetworkNodes | Unset
        if isinstance(_nodes, Unset):
            nodes = UNSET
        else:
            nodes = DeployNetworkNodes.from_dict(_nodes)

        deploy_network = cls(
            id=id,
            ip=ip,
            node_ip=node_ip,
            gateway=gateway,
            mask=mask,
            nodes=nodes,
        )

        deploy_network.additional_properties = d
        return deploy_network

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
