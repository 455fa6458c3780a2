from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.ram_volume import RamVolume
    from ..models.storage_volume import StorageVolume
    from ..models.volume_mount_host import VolumeMountHost


T = TypeVar("T", bound="VolumeMount")


@_attrs_define
class VolumeMount:
    """How one volume is backed; exactly one key.

    Attributes:
        host (VolumeMountHost | Unset): A directory on the provider's disk.
        ram (RamVolume | Unset): A memory-backed volume.
        storage (StorageVolume | Unset): A disk-backed volume of fixed size.
    """

    host: VolumeMountHost | Unset = UNSET
    ram: RamVolume | Unset = UNSET
    storage: StorageVolume | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        host: dict[str, Any] | Unset = UNSET
        if not isinstance(self.host, Unset):
            host = self.host.to_dict()

        ram: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ram, Unset):
            ram = self.ram.to_dict()

        storage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.storage, Unset):
            storage = self.storage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if host is not UNSET:
            field_dict["host"] = host
        if ram is not UNSET:
            field_dict["ram"] = ram
        if storage is not UNSET:
            field_dict["storage"] = storage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ram_volume import RamVolume  # noqa: PLC0415
        from ..models.storage_volume import StorageVolume  # noqa: PLC0415
        from ..models.volume_mount_host import VolumeMountHost  # noqa: PLC0415

        d = dict(src_dict)
        _host = d.pop("host", UNSET)
        host: VolumeMountHost | Unset
        if isinstance(_host, Unset):
            host = UNSET
        else:
            host = VolumeMountHost.from_dict(_host)

        _ram = d.pop("ram", UNSET)
        ram: RamVolume | Unset
        if isinstance(_ram, Unset):
            ram = UNSET
        else:
            ram = RamVolume.from_dict(_ram)

        _storage = d.pop("storage", UNSET)
        storage: StorageVolume | Unset
        if isinstance(_storage, Unset):
            storage = UNSET
        else:
            storage = StorageVolume.from_dict(_storage)

        volume_mount = cls(
            host=host,
            ram=ram,
            storage=storage,
        )

        volume_mount.additional_properties = d
        return volume_mount

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
