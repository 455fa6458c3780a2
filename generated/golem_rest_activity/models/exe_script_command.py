from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deploy_command_body import DeployCommandBody
    from ..models.run_command_body import RunCommandBody
    from ..models.sign_command_body import SignCommandBody
    from ..models.start_command_body import StartCommandBody
    from ..models.terminate_command_body import TerminateCommandBody
    from ..models.transfer_command_body import TransferCommandBody


T = TypeVar("T", bound="ExeScriptCommand")


@_attrs_define
class ExeScriptCommand:
    """One exe-script command: an object with exactly one key, the command's name, holding that command's arguments. A
    batch is a JSON list of these.

        Attributes:
            deploy (DeployCommandBody | Unset): Prepare the payload (e.g. fetch the image). Every field may be left out.
            run (RunCommandBody | Unset): Run a program inside the payload.
            sign (SignCommandBody | Unset): Ask the exe-unit to sign the batch's results; no arguments.
            start (StartCommandBody | Unset): Start the deployed payload.
            terminate (TerminateCommandBody | Unset): Stop the running payload and other batches; no arguments.
            transfer (TransferCommandBody | Unset): Copy a file (or an archive's contents) between two URLs.
    """

    deploy: DeployCommandBody | Unset = UNSET
    run: RunCommandBody | Unset = UNSET
    sign: SignCommandBody | Unset = UNSET
    start: StartCommandBody | Unset = UNSET
    terminate: TerminateCommandBody | Unset = UNSET
    transfer: TransferCommandBody | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        deploy: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deploy, Unset):
            deploy = self.deploy.to_dict()

        run: dict[str, Any] | Unset = UNSET
        if not isinstance(self.run, Unset):
            run = self.run.to_dict()

        sign: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sign, Unset):
            sign = self.sign.to_dict()

        start: dict[str, Any] | Unset = UNSET
        if not isinstance(self.start, Unset):
            start = self.start.to_dict()

        terminate: dict[str, Any] | Unset = UNSET
        if not isinstance(self.terminate, Unset):
            terminate = self.terminate.to_dict()

        transfer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.transfer, Unset):
            transfer = self.transfer.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if deploy is not UNSET:
            field_dict["deploy"] = deploy
        if run is not UNSET:
            field_dict["run"] = run
        if sign is not UNSET:
            field_dict["sign"] = sign
        if start is not UNSET:
            field_dict["start"] = start
        if terminate is not UNSET:
            field_dict["terminate"] = terminate
        if transfer is not UNSET:
            field_dict["transfer"] = transfer

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deploy_command_body import DeployCommandBody  # noqa: PLC0415
        from ..models.run_command_body import RunCommandBody  # noqa: PLC0415
        from ..models.sign_command_body import SignCommandBody  # noqa: PLC0415
        from ..models.start_command_body import StartCommandBody  # noqa: PLC0415
        from ..models.terminate_command_body import TerminateCommandBody  # noqa: PLC0415
        from ..models.transfer_command_body import TransferCommandBody  # noqa: PLC0415

        d = dict(src_dict)
        _deploy = d.pop("deploy", UNSET)
        deploy: DeployCommandBody | Unset
        if isinstance(_deploy, Unset):
            deploy = UNSET
        else:
            deploy = DeployCommandBody.from_dict(_deploy)

        _run = d.pop("run", UNSET)
        run: RunCommandBody | Unset
        if isinstance(_run, Unset):
            run = UNSET
        else:
            run = RunCommandBody.from_dict(_run)

        _sign = d.pop("sign", UNSET)
        sign: SignCommandBody | Unset
        if isinstance(_sign, Unset):
            sign = UNSET
        else:
            sign = SignCommandBody.from_dict(_sign)

        _start = d.pop("start", UNSET)
        start: StartCommandBody | Unset
        if isinstance(_start, Unset):
            start = UNSET
        else:
            start = StartCommandBody.from_dict(_start)

        _terminate = d.pop("terminate", UNSET)
        terminate: TerminateCommandBody | Unset
        if isinstance(_terminate, Unset):
            terminate = UNSET
        else:
            terminate = TerminateCommandBody.from_dict(_terminate)

        _transfer = d.pop("transfer", UNSET)
        transfer: TransferCommandBody | Unset
        if isinstance(_transfer, Unset):
            transfer = UNSET
        else:
            transfer = TransferCommandBody.from_dict(_transfer)

        exe_script_command = cls(
            deploy=deploy,
            run=run,
            sign=sign,
            start=start,
            terminate=terminate,
            transfer=transfer,
        )

        exe_script_command.additional_properties = d
        return exe_script_command

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
