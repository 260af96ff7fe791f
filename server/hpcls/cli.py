"""The `hpcls` command: serve, check, loops, parallelize, complete, demo.

Exit codes (all subcommands): 0 success / no findings, 1 findings, 2 usage or internal error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from hpcls import __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"hpcls: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _setup_logging(level: str, log_file: str | None) -> None:
    from hpcls.redact import RedactingFormatter

    handler: logging.Handler = (
        logging.FileHandler(log_file, encoding="utf-8")
        if log_file
        else logging.StreamHandler(sys.stderr)
    )
    # Credentials never reach the log at any level (pygls dumps message bodies at DEBUG).
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # pygls logs every message body at INFO: keep it quiet unless debugging.
    if level.upper() != "DEBUG":
        logging.getLogger("pygls").setLevel(logging.WARNING)


def _parse_tcp(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    try:
        number = int(port)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port: {value!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range: {number}")
    return host or "127.0.0.1", number


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="hpcls", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"hpcls {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the language server")
    mode = serve.add_mutually_exclusive_group()
    mode.add_argument("--stdio", action="store_true", help="JSON-RPC over stdin/stdout (default)")
    mode.add_argument(
        "--tcp",
        type=_parse_tcp,
        metavar="[HOST:]PORT",
        help="listen on TCP (binds 127.0.0.1 unless HOST is given)",
    )
    serve.add_argument(
        "--tcp-token-file",
        metavar="FILE",
        help="with --tcp: a client must first send the line `Hpcls-Token: <the file's text>`",
    )
    serve.add_argument("--log-file", help="write logs here instead of stderr")
    serve.add_argument(
        "--log-level", default="warning", choices=["debug", "info", "warning", "error"]
    )

    check = sub.add_parser("check", help="report diagnostics for files or directories")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=["text", "json", "sarif"], default="text")
    check.add_argument(
        "--no-compile",
        action="store_true",
        help="skip compiler-backed checks (accepted now; compiler checks come with later rungs)",
    )

    loops = sub.add_parser("loops", help="every loop with its parallelization verdict")
    loops.add_argument("paths", nargs="+", metavar="PATH")
    loops.add_argument("--format", choices=["text", "json"], default="text")
    loops.add_argument(
        "--stats", action="store_true", help="add counts of verdicts, advice and refusal reasons"
    )

    par = sub.add_parser(
        "parallelize", help="the 'Parallelize loop with OpenMP' action on the loop at FILE:LINE"
    )
    par.add_argument("location", metavar="FILE:LINE")
    how = par.add_mutually_exclusive_group()
    how.add_argument("--diff", action="store_true", help="print a unified diff")
    how.add_argument("--write", action="store_true", help="apply a verified edit to the file")
    par.add_argument(
        "--force", action="store_true", help="with --write: write an unverified edit too"
    )

    complete = sub.add_parser("complete", help="one AI completion at FILE:LINE:COL (1-based)")
    complete.add_argument("location", metavar="FILE:LINE:COL")
    complete.add_argument("--json", action="store_true", help="print the result as JSON")

    sub.add_parser("demo", help="a scripted LSP session over examples/")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help(sys.stderr)
        return 2
    try:
        if args.command == "serve":
            return _serve(args)
        if args.command == "check":
            from hpcls.reporting import run_check

            return run_check([Path(p) for p in args.paths], args.format)
        if args.command == "loops":
            from hpcls.loops_cli import run_loops

            return run_loops([Path(p) for p in args.paths], args.format, stats=args.stats)
        if args.command == "parallelize":
            from hpcls.loops_cli import run_parallelize

            mode = "diff" if args.diff else "write" if args.write else "print"
            return run_parallelize(args.location, mode, force=args.force)
        if args.command == "complete":
            from hpcls.complete_cli import run_complete

            return run_complete(args.location, as_json=args.json)
        if args.command == "demo":
            from hpcls.protocol.demo import run_demo

            return run_demo()
    except KeyboardInterrupt:
        return 2
    except Exception as exc:  # an internal error is exit 2 with a message, not a traceback
        logging.getLogger(__name__).debug("internal error", exc_info=True)
        print(f"hpcls: internal error: {exc}", file=sys.stderr)
        return 2
    return 2


def _serve(args: argparse.Namespace) -> int:
    _setup_logging(args.log_level, args.log_file)
    from hpcls.protocol.server import create_server

    token = None
    if args.tcp_token_file:
        from hpcls.protocol.transport import read_token_file

        try:
            if args.tcp is None:
                raise ValueError("--tcp-token-file needs --tcp")
            token = read_token_file(args.tcp_token_file)
        except (OSError, ValueError) as exc:
            print(f"hpcls: {exc}", file=sys.stderr)
            return 2
    server = create_server()
    if args.tcp is not None:
        host, port = args.tcp
        server.start_tcp(host, port, token)
    else:
        server.start_io()
    # LSP: exit code 0 only when `shutdown` came before `exit` (or before the stream closed).
    return 0 if server.shutdown_requested else 1


if __name__ == "__main__":
    sys.exit(main())
