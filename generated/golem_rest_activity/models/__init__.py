"""Contains all the data models used in inputs/outputs.

Each model's module is imported when its name is first read from this package
(PEP 562): building every model class costs a program that uses a few of them
most of its start-up time.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .activity_state import ActivityState
    from .activity_state_name import ActivityStateName
    from .activity_usage import ActivityUsage
    from .capture import Capture
    from .capture_at_end import CaptureAtEnd
    from .capture_format import CaptureFormat
    from .capture_mode import CaptureMode
    from .capture_stream import CaptureStream
    from .command_finished import CommandFinished
    from .command_progress import CommandProgress
    from .command_started import CommandStarted
    from .create_activity_event_details import CreateActivityEventDetails
    from .create_activity_request import CreateActivityRequest
    from .create_activity_result import CreateActivityResult
    from .credentials import Credentials
    from .deploy_command_body import DeployCommandBody
    from .deploy_command_body_env import DeployCommandBodyEnv
    from .deploy_command_body_hosts import DeployCommandBodyHosts
    from .deploy_network import DeployNetwork
    from .deploy_network_nodes import DeployNetworkNodes
    from .destroy_activity_event_details import DestroyActivityEventDetails
    from .error_message import ErrorMessage
    from .exe_script_command import ExeScriptCommand
    from .exe_script_command_result import ExeScriptCommandResult
    from .exe_script_command_result_result import ExeScriptCommandResultResult
    from .exe_script_command_state import ExeScriptCommandState
    from .exe_script_request import ExeScriptRequest
    from .file_set_object import FileSetObject
    from .progress_args import ProgressArgs
    from .provider_event import ProviderEvent
    from .provider_event_type import ProviderEventType
    from .ram_volume import RamVolume
    from .run_command_body import RunCommandBody
    from .runtime_event import RuntimeEvent
    from .runtime_event_kind import RuntimeEventKind
    from .sgx_credentials import SgxCredentials
    from .sign_command_body import SignCommandBody
    from .start_command_body import StartCommandBody
    from .storage_volume import StorageVolume
    from .terminate_command_body import TerminateCommandBody
    from .transfer_command_body import TransferCommandBody
    from .volume_map import VolumeMap
    from .volume_mount import VolumeMount
    from .volume_mount_host import VolumeMountHost

_MODULES = {
    "ActivityState": ".activity_state",
    "ActivityStateName": ".activity_state_name",
    "ActivityUsage": ".activity_usage",
    "Capture": ".capture",
    "CaptureAtEnd": ".capture_at_end",
    "CaptureFormat": ".capture_format",
    "CaptureMode": ".capture_mode",
    "CaptureStream": ".capture_stream",
    "CommandFinished": ".command_finished",
    "CommandProgress": ".command_progress",
    "CommandStarted": ".command_started",
    "CreateActivityEventDetails": ".create_activity_event_details",
    "CreateActivityRequest": ".create_activity_request",
    "CreateActivityResult": ".create_activity_result",
    "Credentials": ".credentials",
    "DeployCommandBody": ".deploy_command_body",
    "DeployCommandBodyEnv": ".deploy_command_body_env",
    "DeployCommandBodyHosts": ".deploy_command_body_hosts",
    "DeployNetwork": ".deploy_network",
    "DeployNetworkNodes": ".deploy_network_nodes",
    "DestroyActivityEventDetails": ".destroy_activity_event_details",
    "ErrorMessage": ".error_message",
    "ExeScriptCommand": ".exe_script_command",
    "ExeScriptCommandResult": ".exe_script_command_result",
    "ExeScriptCommandResultResult": ".exe_script_command_result_result",
    "ExeScriptCommandState": ".exe_script_command_state",
    "ExeScriptRequest": ".exe_script_request",
    "FileSetObject": ".file_set_object",
    "ProgressArgs": ".progress_args",
    "ProviderEvent": ".provider_event",
    "ProviderEventType": ".provider_event_type",
    "RamVolume": ".ram_volume",
    "RunCommandBody": ".run_command_body",
    "RuntimeEvent": ".runtime_event",
    "RuntimeEventKind": ".runtime_event_kind",
    "SgxCredentials": ".sgx_credentials",
    "SignCommandBody": ".sign_command_body",
    "StartCommandBody": ".start_command_body",
    "StorageVolume": ".storage_volume",
    "TerminateCommandBody": ".terminate_command_body",
    "TransferCommandBody": ".transfer_command_body",
    "VolumeMap": ".volume_map",
    "VolumeMount": ".volume_mount",
    "VolumeMountHost": ".volume_mount_host",
}

__all__ = (
    "ActivityState",
    "ActivityStateName",
    "ActivityUsage",
    "Capture",
    "CaptureAtEnd",
    "CaptureFormat",
    "CaptureMode",
    "CaptureStream",
    "CommandFinished",
    "CommandProgress",
    "CommandStarted",
    "CreateActivityEventDetails",
    "CreateActivityRequest",
    "CreateActivityResult",
    "Credentials",
    "DeployCommandBody",
    "DeployCommandBodyEnv",
    "DeployCommandBodyHosts",
    "DeployNetwork",
    "DeployNetworkNodes",
    "DestroyActivityEventDetails",
    "ErrorMessage",
    "ExeScriptCommand",
    "ExeScriptCommandResult",
    "ExeScriptCommandResultResult",
    "ExeScriptCommandState",
    "ExeScriptRequest",
    "FileSetObject",
    "ProgressArgs",
    "ProviderEvent",
    "ProviderEventType",
    "RamVolume",
    "RunCommandBody",
    "RuntimeEvent",
    "RuntimeEventKind",
    "SgxCredentials",
    "SignCommandBody",
    "StartCommandBody",
    "StorageVolume",
    "TerminateCommandBody",
    "TransferCommandBody",
    "VolumeMap",
    "VolumeMount",
    "VolumeMountHost",
)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})
