"""The requestor tutorial's agent ("How does it work?"), on golem_hl.

The code below is the tutorial's Python requestor, unchanged but for:

* the imports: `golem_hl` instead of `yapapi` (`golem_hl.payload.vm` for
  `yapapi.package.vm`, `golem_hl.BatchTimeoutError` for
  `yapapi.rest.activity.BatchTimeoutError`);
* what only the Blender image has: the local network's providers run commands
  on their own host, so the scene is a small text file written next to this
  script, the VM's `/golem/resource` volume is `/golem/resources` here, and
  `/golem/entrypoints/run-blender.sh` is replaced by a stand-in renderer that
  reads `params.json` and writes the frame's file;
* the network: subnet, driver and network come from the command line or the
  environment (the tutorial named zksync on rinkeby), and with no daemon given a
  local Golem network is started (see `_support.py`).

    python examples/yapapi_tutorial.py
"""

# The tutorial's code has no type annotations; it stays as it was written.
# mypy: allow-untyped-defs, allow-untyped-calls, allow-incomplete-defs

import asyncio
import pathlib
import sys
from datetime import datetime, timedelta

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from _support import golem_network, parser

from golem_hl import (
    BatchTimeoutError,
    Executor,
    NoPaymentAccountError,
    Task,
    WorkContext,
    windows_event_loop_fix,
)
from golem_hl import __version__ as yapapi_version
from golem_hl.log import enable_default_logger, log_event_repr, log_summary
from golem_hl.payload import vm

# the stand-in for the image's run-blender.sh: "renders" the frames params.json names
RENDER = (
    "set -e; cd /golem/work; "
    "frame=$(sed -e 's/.*\"frames\": \\[\\([0-9]*\\)\\].*/\\1/' params.json); "
    "out=/golem/output/out$(printf '%04d' \"$frame\").png; "
    "scene=$(head -n 1 /golem/resources/scene.blend); "
    '{ echo "frame $frame of $scene"; cat params.json; } > "$out"'
)
SCENE = "cubes: 3 cubes, 1 light, 1 camera\n"


async def main(subnet_tag, driver=None, network=None):
    package = await vm.repo(
        image_hash="9a3b5d67b0b27746283cb5f287c13eab1beaa12d92a9f536b747c7ae",
        min_mem_gib=0.5,
        min_storage_gib=2.0,
    )

    async def worker(ctx: WorkContext, tasks):
        script_dir = pathlib.Path(__file__).resolve().parent  # noqa: ASYNC240
        scene_path = str(script_dir / "cubes.blend")
        ctx.send_file(scene_path, "/golem/resources/scene.blend")
        async for task in tasks:
            frame = task.data
            crops = [{"outfilebasename": "out", "borders_x": [0.0, 1.0], "borders_y": [0.0, 1.0]}]
            ctx.send_json(
                "/golem/work/params.json",
                {
                    "scene_file": "/golem/resources/scene.blend",
                    "resolution": (400, 300),
                    "use_compositing": False,
                    "crops": crops,
                    "samples": 100,
                    "frames": [frame],
                    "output_format": "PNG",
                    "RESOURCES_DIR": "/golem/resources",
                    "WORK_DIR": "/golem/work",
                    "OUTPUT_DIR": "/golem/output",
                },
            )
            ctx.run("/bin/sh", "-c", RENDER)
            output_file = f"output_{frame}.png"
            ctx.download_file(f"/golem/output/out{frame:04d}.png", output_file)
            try:
                # Set timeout for executing the script on the provider. Two minutes is plenty
                # of time for computing a single frame, for other tasks it may be not enough.
                # If the timeout is exceeded, this worker instance will be shut down and all
                # remaining tasks, including the current one, will be computed by other providers.
                yield ctx.commit(timeout=timedelta(seconds=120))
                # TODO: Check if job results are valid
                # and reject by: task.reject_task(reason = 'invalid file')
                task.accept_result(result=output_file)
            except BatchTimeoutError:
                print(f"Task {task} timed out on {ctx.provider_name}, time: {task.running_time}")
                raise

    # Iterator over the frame indices that we want to render
    frames: range = range(0, 60, 10)
    # Worst-case overhead, in minutes, for initialization (negotiation, file transfer etc.)
    # TODO: make this dynamic, e.g. depending on the size of files to transfer
    init_overhead = 3
    # Providers will not accept work if the timeout is outside of the [5 min, 30min] range.
    # We increase the lower bound to 6 min to account for the time needed for our demand to
    # reach the providers.
    min_timeout, max_timeout = 6, 30

    timeout = timedelta(minutes=max(min(init_overhead + len(frames) * 2, max_timeout), min_timeout))

    # By passing `event_consumer=log_summary()` we enable summary logging.
    # See the documentation of the `yapapi.log` module on how to set
    # the level of detail and format of the logged information.
    async with Executor(
        package=package,
        max_workers=3,
        budget=10.0,
        timeout=timeout,
        subnet_tag=subnet_tag,
        driver=driver,
        network=network,
        event_consumer=log_summary(log_event_repr),
    ) as executor:
        sys.stderr.write(
            f"yapapi version: {yapapi_version}\n"
            f"Using subnet: {subnet_tag}, "
            f"payment driver: {executor.driver}, "
            f"and network: {executor.network}\n"
        )

        num_tasks = 0
        start_time = datetime.now()

        async for task in executor.submit(worker, [Task(data=frame) for frame in frames]):
            num_tasks += 1
            print(f"Task computed: {task}, result: {task.result}, time: {task.running_time}")

        print(f"{num_tasks} tasks computed, total time: {datetime.now() - start_time}")


async def on_network(args):
    """The tutorial's main() on the network named on the command line, or on a local one."""
    async with golem_network(args):
        await main(subnet_tag=args.subnet_tag, driver=args.driver, network=args.network)


if __name__ == "__main__":
    options = parser("The requestor tutorial's agent, on golem_hl")
    options.add_argument("--driver", default=None, help="payment driver (default erc20)")
    options.add_argument("--network", default=None, help="payment network (default holesky)")
    args = options.parse_args()
    # the scene the tutorial ships with its Blender example: here a stand-in
    (pathlib.Path(__file__).resolve().parent / "cubes.blend").write_text(SCENE)

    # This is only required when running on Windows with Python prior to 3.8:
    windows_event_loop_fix()

    enable_default_logger()

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    task = loop.create_task(on_network(args))

    try:
        loop.run_until_complete(task)
    except NoPaymentAccountError as e:
        handbook_url = (
            "https://handbook.golem.network/requestor-tutorials/"
            "flash-tutorial-of-requestor-development"
        )
        print(
            f"No payment account initialized for driver `{e.required_driver}` "
            f"and network `{e.required_network}`.\n\n"
            f"See {handbook_url} on how to initialize payment accounts for a requestor node."
        )
    except KeyboardInterrupt:
        print(
            "Shutting down gracefully, please wait a short while "
            "or press Ctrl+C to exit immediately..."
        )
        task.cancel()
        try:
            loop.run_until_complete(task)
            print("Shutdown completed, thank you for waiting!")
        except (asyncio.CancelledError, KeyboardInterrupt):
            pass
