from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.exe_script_command_result_result import ExeScriptCommandResultResult
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExeScriptCommandResult")


@_attrs_define
class ExeScriptCommandResult:
    """The outcome of one command of a batch.

    Attributes:
        event_date (datetime.datetime): When the command finished.
        index (int): Position of the command in its batch, from 0.
        is_batch_finished (bool): True on the last result of the batch (its last command, or the first failure).
        result (ExeScriptCommandResultResult): Whether the command succeeded.
        message (None | str | Unset): Extra text from the exe-unit, e.g. why the command failed.
        stderr (list[int] | None | str | Unset): Output captured from a command: text, or raw bytes as an array of
            integers when binary capture was asked for; null when nothing was captured.
        stdout (list[int] | None | str | Unset): Output captured from a command: text, or raw bytes as an array of
            integers when binary capture was asked for; null when nothing was captured.
    """

    event_date: datetime.datetime
    index: int
    is_batch_finished: bool
    result: ExeScriptCommandResultResult
    message: None | str | Unset = UNSET
    stderr: list[int] | None | str | Unset = UNSET
    stdout: list[int] | None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_date = self.event_date.isoformat()

        index = self.index

        is_batch_finished = self.is_batch_finished

        result = self.result.value

        message: None | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        stderr: list[int] | None | str | Unset
        if isinstance(self.stderr, Unset):
            stderr = UNSET
        elif isinstance(self.stderr, list):
            stderr = self.stderr

        else:
            stderr = self.stderr

        stdout: list[int] | None | str | Unset
        if isinstance(self.stdout, Unset):
            stdout = UNSET
        elif isinstance(self.stdout, list):
            stdout = self.stdout

        else:
            stdout = self.stdout

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "eventDate": event_date,
                "index": index,
                "isBatchFinished": is_batch_finished,
                "result": result,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message
        if stderr is not UNSET:
            field_dict["stderr"] = stderr
        if stdout is not UNSET:
            field_dict["stdout"] = stdout

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_date = isoparse(d.pop("eventDate"))

        index = d.pop("index")

        is_batch_finished = d.pop("isBatchFinished")

        result = ExeScriptCommandResultResult(d.pop("result"))

        def _parse_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message = _parse_message(d.pop("message", UNSET))

        def _parse_stderr(data: object) -> list[int] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_command_output_type_1 = cast(list[int], data)

                return componentsschemas_command_output_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | str | Unset, data)

        stderr = _parse_stderr(d.pop("stderr", UNSET))

        def _parse_stdout(data: object) -> list[int] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_command_output_type_1 = cast(list[int], data)

                return componentsschemas_command_output_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | str | Unset, data)

        stdout = _parse_stdout(d.pop("stdout", UNSET))

        exe_script_command_result = cls(
            event_date=event_date,
            index=index,
            is_batch_finished=is_batch_finished,
            result=result,
            message=message,
            stderr=stderr,
            stdout=stdout,
        )

        exe_script_command_result.additional_properties = d
        return exe_script_command_result

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
