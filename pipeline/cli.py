"""The ``yanbao`` command line.

    yanbao process INPUT... --out DIR [--config FILE] [--no-repair] [--json]
    yanbao summarize DIR     write DIR/<id>.en.md from the DIR/*.json outputs of ``process``
    yanbao stages            list the registered stages with what they require and assign
    yanbao schema            print the output JSON Schema
    yanbao version

``process`` writes ``DIR/<id>.json`` per document and ``DIR/documents.jsonl`` (one line per
document, failed ones included with their ``error``), shows a progress bar on a terminal and
stays quiet in pipes, and exits with the number of failed documents (capped at 100), so 0
means every document succeeded.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline import __version__

EXIT_USAGE = 2


def _progress(enabled: bool) -> Any:
    if not enabled:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[bold]yanbao[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        transient=True,
        console=__import__("rich.console", fromlist=["Console"]).Console(stderr=True),
    )


def cmd_process(args: argparse.Namespace) -> int:
    from pipeline.config import ConfigError, Pipeline
    from pipeline.sources import iter_paths

    disable = list(args.disable or [])
    if args.no_repair and _known_stage("repair"):
        disable.append("repair")
    try:
        nlp = Pipeline.from_config(args.config, disable=disable)
    except ConfigError as exc:
        print(f"yanbao: {exc}", file=sys.stderr)
        return EXIT_USAGE
    missing = [p for p in args.inputs if not Path(p).exists()]
    for p in missing:
        print(f"yanbao: warning: {p} does not exist (reported as a failed document)", file=sys.stderr)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    total = sum(1 for _ in iter_paths(args.inputs))
    ok = failed = 0
    failures: list[tuple[str, str]] = []
    progress = _progress(sys.stderr.isatty() and not args.quiet)
    task = progress.add_task("", total=total) if progress else None
    used_ids: set[str] = set()
    with progress if progress else _Null(), (out / "documents.jsonl").open("w", encoding="utf-8") as index:
        current_path = None
        for result in nlp.process_paths(args.inputs):
            doc = result.doc
            doc.id = _unique(doc.id, used_ids)
            record = doc.to_dict()
            (out / f"{doc.id}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
            index.write(json.dumps(record, ensure_ascii=False) + "\n")
            if result.ok:
                ok += 1
            else:
                failed += 1
                failures.append((doc.source.path or doc.id, doc.error or "unknown error"))
            path = (doc.source.path or "").split(":")[0]
            if progress and task is not None:
                if path != current_path:
                    progress.advance(task)
                    current_path = path
                progress.update(task, description=doc.id)
    for path, error in failures:
        print(f"yanbao: failed: {path}: {error}", file=sys.stderr)
    summary = {"succeeded": ok, "failed": failed, "out": str(out)}
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{ok} succeeded, {failed} failed; output in {out}/")
    return min(failed, 100)


def _known_stage(name: str) -> bool:
    from pipeline.registry import stage_names

    return name in stage_names()


def _unique(id: str, used: set[str]) -> str:
    candidate, k = id, 2
    while candidate in used:
        candidate, k = f"{id}-{k}", k + 1
    used.add(candidate)
    return candidate


class _Null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def cmd_summarize(args: argparse.Namespace) -> int:
    """Re-run the summary stage on each ``DIR/*.json`` document and write ``DIR/<id>.en.md``."""
    from pipeline.config import DocumentError, load_config
    from pipeline.document import Document
    from pipeline.registry import build_stage

    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"yanbao: {folder} is not a folder; run `yanbao process INPUT --out {folder}` first", file=sys.stderr)
        return EXIT_USAGE
    options = dict(load_config(args.config).get("stages", {}).get("summary", {}))
    if args.strict:
        options["strict"] = True
    stage = build_stage("summary", options)
    written = failed = 0
    for path in sorted(folder.glob("*.json")):
        try:
            doc = Document.read(path)
        except Exception as exc:  # not a yanbao document (e.g. a stray JSON file)
            print(f"yanbao: skipped {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        if doc.status != "ok":
            continue
        try:
            doc = stage(doc)
        except DocumentError as exc:
            print(f"yanbao: failed: {path.name}: {exc}", file=sys.stderr)
            failed += 1
            continue
        (folder / f"{doc.id}.en.md").write_text(doc.summary_en or "", encoding="utf-8")
        written += 1
        for w in doc.warnings:
            if w.startswith("summary faithfulness"):
                print(f"yanbao: {doc.id}: {w}", file=sys.stderr)
    if args.json:
        print(json.dumps({"written": written, "failed": failed, "out": str(folder)}))
    else:
        print(f"{written} summaries written, {failed} failed; in {folder}/")
    return min(failed, 100)


def cmd_stages(args: argparse.Namespace) -> int:
    from pipeline.registry import get_stage, stage_names

    rows = []
    for name in stage_names():
        spec = get_stage(name)
        rows.append(
            {
                "name": name,
                "requires": sorted(spec.requires),
                "assigns": sorted(spec.assigns),
                "options": {k: repr(f.default) for k, f in spec.options.model_fields.items()},
                "doc": spec.doc.splitlines()[0] if spec.doc else "",
            }
        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print(f"{r['name']:<12} {r['doc']}")
            print(f"{'':<12} requires: {', '.join(r['requires']) or '-'}; assigns: {', '.join(r['assigns']) or '-'}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from pipeline.document import Document

    print(json.dumps(Document.json_schema(), ensure_ascii=False, indent=1))
    return 0


def cmd_version(args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps({"version": __version__}))
    else:
        print(f"yanbao {__version__}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yanbao",
        description="Turn Chinese broker research reports (PDF, text, JSONL) into structured JSON: "
        "normalized text with an offset map, OCR repairs, sentences, entities, claims and an English summary.",
        epilog="Example: yanbao process corpora/samples --out out/   (then read out/documents.jsonl)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("process", help="process reports into DIR/<id>.json and DIR/documents.jsonl")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt, .md, .pdf or .jsonl files, or folders (recursive)")
    p.add_argument("--out", "-o", required=True, metavar="DIR", help="output folder (created if missing)")
    p.add_argument("--config", "-c", metavar="FILE", help="pipeline config (TOML); default: configs/default.toml")
    p.add_argument("--no-repair", action="store_true", help="skip the OCR repair stage")
    p.add_argument("--disable", action="append", metavar="STAGE", help="skip a stage by name (repeatable)")
    p.add_argument("--json", action="store_true", help="print the final counts as JSON")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_process)

    p = sub.add_parser("summarize", help="write DIR/<id>.en.md English summaries from DIR/*.json")
    p.add_argument("dir", metavar="DIR", help="an output folder of `yanbao process`")
    p.add_argument("--config", "-c", metavar="FILE", help="read [stages.summary] options from this config")
    p.add_argument("--strict", action="store_true", help="fail a document whose summary fails the faithfulness check")
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.set_defaults(func=cmd_summarize)

    p = sub.add_parser("stages", help="list the registered stages")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stages)

    p = sub.add_parser("schema", help="print the output JSON Schema")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("version", help="print the version")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_version)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="yanbao: %(levelname)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
