from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_set_object import FileSetObject
    from ..models.progress_args import ProgressArgs


T = TypeVar("T", bound="TransferCommandBody")


@_attrs_define
class TransferCommandBody:
    """Copy a file (or an archive's contents) between two URLs.

    Attributes:
        from_ (str): Source URL, e.g. `gftp://...` or `container:/path`.
        to (str): Destination URL.
        depth (int | None | Unset): How many directory levels to descend into.
        fileset (FileSetObject | list[FileSetObject | str] | None | str | Unset):
        format_ (None | str | Unset): Archive format to pack or unpack, e.g. `zip`.
        progress (None | ProgressArgs | Unset):
    """

    from_: str
    to: str
    depth: int | None | Unset = UNSET
    fileset: FileSetObject | list[FileSetObject | str] | None | str | Unset = UNSET
    format_: None | str | Unset = UNSET
    progress: None | ProgressArgs | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.file_set_object import FileSetObject  # noqa: PLC0415
        from ..models.progress_args import ProgressArgs  # noqa: PLC0415

        from_ = self.from_

        to = self.to

        depth: int | None | Unset
        if isinstance(self.depth, Unset):
            depth = UNSET
        else:
            depth = self.depth

        fileset: dict[str, Any] | list[dict[str, Any] | str] | None | str | Unset
        if isinstance(self.fileset, Unset):
            fileset = UNSET
        elif isinstance(self.fileset, FileSetObject):
            fileset = self.fileset.to_dict()
        elif isinstance(self.fileset, list):
            fileset = []
            for componentsschemas_file_set_type_2_item_data in self.fileset:
                componentsschemas_file_set_type_2_item: dict[str, Any] | str
                if isinstance(
                    componentsschemas_file_set_type_2_item_data, FileSetObject
                ):
                    componentsschemas_file_set_type_2_item = (
                        componentsschemas_file_set_type_2_item_data.to_dict()
                    )
                else:
                    componentsschemas_file_set_type_2_item = (
                        componentsschemas_file_set_type_2_item_data
                    )
                fileset.append(componentsschemas_file_set_type_2_item)

        else:
            fileset = self.fileset

        format_: None | str | Unset
        if isinstance(self.format_, Unset):
            format_ = UNSET
        else:
            format_ = self.format_

        progress: dict[str, Any] | None | Unset
        if isinstance(self.progress, Unset):
            progress = UNSET
        elif isinstance(self.progress, ProgressArgs):
            progress = self.progress.to_dict()
        else:
            progress = self.progress

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
            }
        )
        if depth is not UNSET:
            field_dict["depth"] = depth
        if fileset is not UNSET:
            field_dict["fileset"] = fileset
        if format_ is not UNSET:
            field_dict["format"] = format_
        if progress is not UNSET:
            field_dict["progress"] = progress

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_set_object import FileSetObject  # noqa: PLC0415
        from ..models.progress_args import ProgressArgs  # noqa: PLC0415

        d = dict(src_dict)
        from_ = d.pop("from")

        to = d.pop("to")

        def _parse_depth(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        depth = _parse_depth(d.pop("depth", UNSET))

        def _parse_fileset(
            data: object,
        ) -> FileSetObject | list[FileSetObject | str] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_file_set_type_1 = FileSetObject.from_dict(data)

                return componentsschemas_file_set_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_file_set_type_2 = []
                _componentsschemas_file_set_type_2 = data
                for (
                    componentsschemas_file_set_type_2_item_data
                ) in _componentsschemas_file_set_type_2:

                    def _parse_componentsschemas_file_set_type_2_item(
                        data: object,
                    ) -> FileSetObject | str:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_file_set_entry_type_1 = (
                                FileSetObject.from_dict(data)
                            )

                            return componentsschemas_file_set_entry_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(FileSetObject | str, data)

                    componentsschemas_file_set_type_2_item = (
                        _parse_componentsschemas_file_set_type_2_item(
                            componentsschemas_file_set_type_2_item_data
                        )
                    )

                    componentsschemas_file_set_type_2.append(
                        componentsschemas_file_set_type_2_item
                    )

                return componentsschemas_file_set_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                FileSetObject | list[FileSetObject | str] | None | str | Unset, data
            )

        fileset = _parse_fileset(d.pop("fileset", UNSET))

        def _parse_format_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        format_ = _parse_format_(d.pop("format", UNSET))

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

        transfer_command_body = cls(
            from_=from_,
            to=to,
            depth=depth,
            fileset=fileset,
            format_=format_,
            progress=progress,
        )

        transfer_command_body.additional_properties = d
        return transfer_command_body

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
