"""`sorter-app simulator`: run the platform simulator until SIGINT or SIGTERM.

Also runnable as `python -m sorter_app.platform.simulator.cli`. When it is ready to serve it prints
exactly one line, `simulator listening on http://127.0.0.1:PORT/api/v1`, so a script or test can
wait for it and read the port (useful with `--port 0`).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from sorter_app.cli.help_text import ArgumentParser, DefaultsHelpFormatter, choose_language, h
from sorter_app.platform.simulator.faults import FaultSpec
from sorter_app.platform.simulator.id_styles import ID_STYLES
from sorter_app.platform.simulator.server import DEFAULT_TOKEN, SimulatorServer
from sorter_app.platform.simulator.state import INITIAL_STATUSES, Simulator
from sorter_app.platform.simulator.volume import VolumePattern


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The simulator's options, for `sorter-app simulator` and for this module's own main."""
    parser.add_argument(
        "--port",
        type=int,
        default=8765,
        help=h("TCP 端口（0：任一空闲端口）", "TCP port (0: any free port)"),
    )
    parser.add_argument(
        "--seed", type=int, default=1, help=h("生成波次的随机种子", "seed of the generated waves")
    )
    parser.add_argument(
        "--communities", type=int, default=120, help=h("每个波次的小区数", "communities per wave")
    )
    parser.add_argument(
        "--skus", type=int, default=200, help=h("每个波次的商品数", "SKUs per wave")
    )
    parser.add_argument(
        "--lines", type=int, default=8000, help=h("每个波次的订单行数", "order lines per wave")
    )
    parser.add_argument(
        "--hub", default="HZ01", help=h("本平台服务的仓库编号", "the hub this platform serves")
    )
    parser.add_argument(
        "--token",
        default=DEFAULT_TOKEN,
        help=h(
            "客户端必须携带的访问令牌（sorter-app demo 用同一个）",
            "bearer token clients must send (sorter-app demo uses the same)",
        ),
    )
    parser.add_argument(
        "--faults",
        default="",
        metavar="SPEC",
        help=h(
            "注入故障，按比例，例如 500:0.1,429:0.05,timeout:0.02,drop:0.02,dup:0.05",
            "faults to inject, by rate, e.g. 500:0.1,429:0.05,timeout:0.02,drop:0.02,dup:0.05",
        ),
    )
    parser.add_argument(
        "--faults-seed",
        type=int,
        default=0,
        help=h("故障抽取的随机种子", "seed of the fault draws"),
    )
    parser.add_argument(
        "--retry-after",
        type=int,
        default=1,
        help=h("429/503 应答中 Retry-After 的秒数", "Retry-After seconds on 429/503"),
    )
    parser.add_argument(
        "--fault-timeout",
        type=float,
        default=3.0,
        help=h("timeout 故障让应答停顿的秒数", "seconds a `timeout` fault stalls an answer"),
    )
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help=h("把收到的上报保存在此文件，重启后仍在", "keep what was received across restarts"),
    )
    parser.add_argument(
        "--waves-per-day",
        type=int,
        default=1,
        help=h("每个配送日的波次数", "waves per delivery date"),
    )
    parser.add_argument(
        "--initial-status",
        choices=INITIAL_STATUSES,
        default="closed",
        help=h(
            "新生成波次的状态（auto：截单前为 open）",
            "status of a newly generated wave (auto: open until its cutoff)",
        ),
    )
    parser.add_argument(
        "--page-size",
        type=int,
        default=100,
        help=h("请求未给 limit 时每页的条数", "items per page when no limit is given"),
    )
    parser.add_argument(
        "--volume-pattern",
        action="store_true",
        help=h(
            "每天的订单行数按星期和节假日变化（--lines 为普通周一的量），订单按当天曲线陆续下单；"
            "配合 --initial-status auto，未截单波次的汇总随时钟增长",
            "each date's lines follow a weekday and holiday pattern (--lines is a plain Monday's) "
            "and orders arrive along the day's curve; with --initial-status auto an open wave's "
            "summary grows with the clock",
        ),
    )
    parser.add_argument(
        "--id-style",
        choices=ID_STYLES,
        default="default",
        help=h(
            "平台编号的写法（仓库编号除外）：default 如 C0017，lower 如 cm-0003，uuid，"
            'numeric 纯数字，chinese 如 社区-丁桥-003，mixed 含 . : / 空格 ^~" 与 64 字符编号',
            "how the platform spells its IDs (not the hub's): default C0017, lower cm-0003, "
            'uuid, numeric digits only, chinese 社区-丁桥-003, mixed with . : / spaces ^~" '
            "and 64-character IDs",
        ),
    )


def run(args: argparse.Namespace) -> int:
    """Serve until SIGINT/SIGTERM; 0 on a clean stop, 2 on bad options."""
    try:
        faults = FaultSpec.parse(
            args.faults,
            seed=args.faults_seed,
            retry_after_s=args.retry_after,
            timeout_s=args.fault_timeout,
        )
        simulator = Simulator(
            seed=args.seed,
            hub_id=args.hub,
            communities=args.communities,
            skus=args.skus,
            lines=args.lines,
            waves_per_day=args.waves_per_day,
            state_file=args.state,
            initial_status=args.initial_status,
            id_style=args.id_style,
            volume=VolumePattern(args.lines, args.seed) if args.volume_pattern else None,
        )
        server = SimulatorServer(
            simulator, port=args.port, token=args.token, faults=faults, default_limit=args.page_size
        )
    except ValueError as exc:
        print(h(f"模拟器参数有误：{exc}", f"simulator: {exc}"), file=sys.stderr, flush=True)
        return 2
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {}
    if threading.current_thread() is threading.main_thread():  # signal() works only there
        previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        try:
            server.start()
        except OSError as exc:
            print(
                h(
                    f"模拟器无法监听 127.0.0.1:{args.port}：{exc}（换一个 --port，或用 0 取任一空闲端口）",
                    f"simulator: cannot listen on 127.0.0.1:{args.port}: {exc} "
                    "(choose another --port, or 0 for any free one)",
                ),
                file=sys.stderr,
            )
            return 1
        try:
            print(f"simulator listening on {server.url}", flush=True)
            while not stop.wait(0.5):
                pass
        finally:
            server.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    choose_language(argv)
    parser = ArgumentParser(
        prog="python -m sorter_app.platform.simulator.cli",
        description=h("平台模拟器，只监听 127.0.0.1", "the platform simulator, on 127.0.0.1"),
        formatter_class=DefaultsHelpFormatter,
    )
    parser.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=argparse.SUPPRESS,
        help=h("提示和帮助的语言（默认中文）", "language of messages and help (default: zh)"),
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
