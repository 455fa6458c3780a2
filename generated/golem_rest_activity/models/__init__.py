"""Contains all the data models used in inputs/outputs"""

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
