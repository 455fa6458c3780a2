from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.command_finished import CommandFinished
    from ..models.command_progress import CommandProgress
    from ..models.command_started import CommandStarted


T = TypeVar("T", bound="RuntimeEventKind")


@_attrs_define
class RuntimeEventKind:
    """What happened; exactly one key.

    Attributes:
        finished (CommandFinished | Unset): The command ended.
        progress (CommandProgress | Unset): How far a long command (deploy, transfer) has got.
        started (CommandStarted | Unset): The command began to run.
        stderr (list[int] | None | str | Unset): Output captured from a command: text, or raw bytes as an array of
            integers when binary capture was asked for; null when nothing was captured.
        stdout (list[int] | None | str | Unset): Output captured from a command: text, or raw bytes as an array of
            integers when binary capture was asked for; null when nothing was captured.
    """

    finished: CommandFinished | Unset = UNSET
    progress: CommandProgress | Unset = UNSET
    started: CommandStarted | Unset = UNSET
    stderr: list[int] | None | str | Unset = UNSET
    stdout: list[int] | None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        finished: dict[str, Any] | Unset = UNSET
        if not isinstance(self.finished, Unset):
            finished = self.finished.to_dict()

        progress: dict[str, Any] | Unset = UNSET
        if not isinstance(self.progress, Unset):
            progress = self.progress.to_dict()

        started: dict[str, Any] | Unset = UNSET
        if not isinstance(self.started, Unset):
            started = self.started.to_dict()

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
        field_dict.update({})
        if finished is not UNSET:
            field_dict["finished"] = finished
        if progress is not UNSET:
            field_dict["progress"] = progress
        if started is not UNSET:
            field_dict["started"] = started
        if stderr is not UNSET:
            field_dict["stderr"] = stderr
        if stdout is not UNSET:
            field_dict["stdout"] = stdout

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.command_finished import CommandFinished  # noqa: PLC0415
        from ..models.command_progress import CommandProgress  # noqa: PLC0415
        from ..models.command_started import CommandStarted  # noqa: PLC0415

        d = dict(src_dict)
        _finished = d.pop("finished", UNSET)
        finished: CommandFinished | Unset
        if isinstance(_finished, Unset):
            finished = UNSET
        else:
            finished = CommandFinished.from_dict(_finished)

        _progress = d.pop("progress", UNSET)
        progress: CommandProgress | Unset
        if isinstance(_progress, Unset):
            progress = UNSET
        else:
            progress = CommandProgress.from_dict(_progress)

        _started = d.pop("started", UNSET)
        started: CommandStarted | Unset
        if isinstance(_started, Unset):
            started = UNSET
        else:
            started = CommandStarted.from_dict(_started)

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

        runtime_event_kind = cls(
            finished=finished,
            progress=progress,
            started=started,
            stderr=stderr,
            stdout=stdout,
        )

        runtime_event_kind.additional_properties = d
        return runtime_event_kind

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
