"""Activities: creating them, running exe-script batches on them, and the provider's side.

The names load on first use (PEP 562, as `golem_core`'s): an exe-unit reads
`golem_core.activity.commands` without the REST side (`Activity`, `Batch`).
"""

# ruff: noqa: I001 (one import per module, `as` kept together: the table stays a table)

from typing import TYPE_CHECKING as _TYPE_CHECKING

from golem_core._lazy import lazy_exports_from_source as _lazy_exports_from_source

if _TYPE_CHECKING:
    from golem_core.activity.activity import (
        DEFAULT_CREATE_TIMEOUT as DEFAULT_CREATE_TIMEOUT,
        DEFAULT_DESTROY_TIMEOUT as DEFAULT_DESTROY_TIMEOUT,
        DEFAULT_EXEC_TIMEOUT as DEFAULT_EXEC_TIMEOUT,
        DEFAULT_STATE_TIMEOUT as DEFAULT_STATE_TIMEOUT,
        Activity as Activity,
    )
    from golem_core.activity.batch import (
        DEFAULT_POLL_TIMEOUT as DEFAULT_POLL_TIMEOUT,
        DEFAULT_STATE_CHECK_INTERVAL as DEFAULT_STATE_CHECK_INTERVAL,
        Batch as Batch,
    )
    from golem_core.activity.commands import (
        AtEnd as AtEnd,
        Capture as Capture,
        CaptureFormat as CaptureFormat,
        CaptureMode as CaptureMode,
        Command as Command,
        Deploy as Deploy,
        FileSet as FileSet,
        FileSetObject as FileSetObject,
        HostVolume as HostVolume,
        Network as Network,
        ProgressArgs as ProgressArgs,
        RamVolume as RamVolume,
        Run as Run,
        Sign as Sign,
        Start as Start,
        StorageVolume as StorageVolume,
        Stream as Stream,
        Terminate as Terminate,
        Transfer as Transfer,
        VolumeMount as VolumeMount,
        Volumes as Volumes,
        command_from_json as command_from_json,
        command_to_json as command_to_json,
        script_from_text as script_from_text,
        script_text as script_text,
        script_to_json as script_to_json,
    )
    from golem_core.activity.data import (
        ActivityState as ActivityState,
        ActivityUsage as ActivityUsage,
        CreateActivity as CreateActivity,
        DestroyActivity as DestroyActivity,
        ProviderActivityEvent as ProviderActivityEvent,
        State as State,
    )
    from golem_core.activity.results import (
        CommandResult as CommandResult,
        Output as Output,
        RuntimeEvent as RuntimeEvent,
        RuntimeFinished as RuntimeFinished,
        RuntimeProgress as RuntimeProgress,
        RuntimeStarted as RuntimeStarted,
        RuntimeStderr as RuntimeStderr,
        RuntimeStdout as RuntimeStdout,
        command_result_from_json as command_result_from_json,
        runtime_event_from_json as runtime_event_from_json,
    )

__getattr__, __dir__ = _lazy_exports_from_source(__name__, __file__, globals())
