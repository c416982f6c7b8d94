"""Check that two versions of the product give byte-identical `figures` output on the demo.

    .venv/bin/python benchmarks/figures_identical.py --base 0bd5861            # base vs work tree
    .venv/bin/python benchmarks/figures_identical.py --base main --head issue8
    .venv/bin/python benchmarks/figures_identical.py --base 0bd5861 --scale 1 --keep /tmp/cmp

Each side is a git commit (exported with `git archive`) or, for `--head` left out, the work tree
as it is. Each side generates nothing: the demo folder is generated once (by the work tree's
generator), then EACH side loads it with its own loader into its own database and runs its own
`python -m analytics figures` for every case below. A second folder holds only the required
tables, so "a figure whose table was not supplied is null" is compared as well.

Exit 0 when every output is byte-identical, 1 otherwise (the first differing lines are printed).
Prints figures only; never run by the tests.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# (name, arguments to `figures`): the year, the first half-year, each role, a period of part months.
CASES: list[tuple[str, list[str]]] = [
    ("2022-analytiker.json", ["--from", "2022-01-01", "--to", "2022-12-31"]),
    ("2022-politiker.json", ["--from", "2022-01-01", "--to", "2022-12-31", "--role", "politiker"]),
    ("2022H1-analytiker.json", ["--from", "2022-01-01", "--to", "2022-06-30"]),
    ("2022H1-politiker.json", ["--from", "2022-01-01", "--to", "2022-06-30", "--role", "politiker"]),
    ("2022-03-15--08-10.json", ["--from", "2022-03-15", "--to", "2022-08-10"]),  # not whole months
    ("2021-analytiker.csv", ["--from", "2021-01-01", "--to", "2021-12-31", "--format", "csv"]),
]
REQUIRED_ONLY = ("units", "census", "deviations")


def export_tree(ref: str, into: Path) -> Path:
    """The tree of commit `ref`, written to `into` (no .git)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run(tree: Path, *args: str) -> bytes:
    done = subprocess.run(
        [PYTHON, "-m", "analytics", *args],
        cwd=tree,
        capture_output=True,
        env={"PYTHONPATH": str(tree), "PATH": ""},
    )
    if done.returncode != 0:
        raise SystemExit(f"{tree}: python -m analytics {' '.join(args)} failed:\n{done.stderr.decode()}")
    return done.stdout


def outputs(tree: Path, folders: dict[str, Path], work: Path, label: str) -> dict[str, bytes]:
    out = {}
    for folder_name, folder in folders.items():
        db = work / f"{label}-{folder_name}.duckdb"
        run(tree, "load", str(folder), "--db", str(db))
        for case, args in CASES:
            out[f"{folder_name}/{case}"] = run(tree, "figures", "--db", str(db), *args)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="git commit of the reference")
    parser.add_argument("--head", default=None, help="git commit to compare (default: the work tree)")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--keep", default=None, help="keep the outputs in this folder")
    args = parser.parse_args(argv)

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="figures-identical-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        full = work / "demo"
        if not full.exists():
            run(ROOT, "demo", "--out", str(full), "--scale", str(args.scale))
        required = work / "demo-required"
        if not required.exists():
            required.mkdir()
            for name in REQUIRED_ONLY:
                shutil.copy(full / f"{name}.parquet", required)
        folders = {"full": full, "required": required}
        base_tree = (
            export_tree(args.base, work / "base-tree")
            if not (work / "base-tree").exists()
            else work / "base-tree"
        )
        head_tree = ROOT if args.head is None else export_tree(args.head, work / "head-tree")
        base = outputs(base_tree, folders, work, "base")
        head = outputs(head_tree, folders, work, "head")
        differing = [k for k in base if base[k] != head[k]]
        for key in base:
            (work / "out").mkdir(exist_ok=True)
            (work / "out" / key.replace("/", "-")).write_bytes(head[key])
            state = "OLIK" if key in differing else "identisk"
            print(f"  {key:<34} {len(base[key]):>8} byte  {state}")
        for key in differing[:3]:
            diff = difflib.unified_diff(
                base[key].decode().splitlines(),
                head[key].decode().splitlines(),
                "base",
                "head",
                lineterm="",
                n=1,
            )
            print(f"\n{key}:\n" + "\n".join(list(diff)[:30]))
        head_name = args.head or "arbetskopian"
        if differing:
            print(f"\n{len(differing)} av {len(base)} utdata skiljer mellan {args.base} och {head_name}.")
            return 1
        print(f"\nAlla {len(base)} utdata är byte-identiska mellan {args.base} och {head_name}.")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
