"""The `re` module with compiled patterns kept on disk: `from pipeline import regex_cache as re`.

The extractors and the metadata readers build a few hundred patterns when they are imported or first used,
some of them long alternations from the data files (the agency lexicon's run to thousands of characters);
parsing and compiling them costs ~0.1 s of every `chitieu` run, while the work on a small document takes
~30 ms. `compile` here returns the same `re.Pattern` that `re.compile` returns, rebuilt from the program
`re` compiled for the same pattern and flags ahead of time (`_sre.compile`, the call `re.compile` itself
ends with), so a run pays only for the patterns the file does not have.

The file, `pipeline/__pycache__/regex-<python tag>.marshal`, is written only when asked — by
`scripts/setup.sh`, as it byte-compiles the code: `python -m pipeline.regex_cache [FILES…]` imports the
modules, builds the agency lexicon with every per-head pattern, runs the pipeline over FILES (default: the
corpus' .txt files) and keeps what was compiled. Like a .pyc it is marshal data next to the code, keyed by
the exact Python build and `_sre`'s magic number; each program is kept only after the pattern rebuilt from
it compares equal to `re.compile`'s (patterns compare by their compiled program); a foreign or unreadable
file is ignored, a pattern changed since is compiled as usual. `CHITIEU_REGEX_CACHE=0` turns it off.
Everything else (`re.sub`, `re.escape`, `re.IGNORECASE`, …) is `re`'s own.

Some patterns are joined from sets of phrases and so differ from one process to the next (string hashing
is seeded per process): those are compiled in every run, as before.
"""

from __future__ import annotations

import os
import re
import sys
from re import *  # noqa: F401,F403 - this module stands for `re`
from re import Pattern

__all__ = list(re.__all__)

try:  # CPython's internals: elsewhere, or should they change, this is plain re.compile
    import _sre
    from array import array
    from re import _compiler, _parser

    _KEY = f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{_sre.MAXGROUPS}"
    _ENABLED = sys.implementation.name == "cpython" and _sre.CODESIZE == array("I").itemsize
except (ImportError, AttributeError):  # pragma: no cover
    _ENABLED = False
_ENABLED = _ENABLED and os.environ.get("CHITIEU_REGEX_CACHE", "1") != "0"

CACHE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__",
                          f"regex-{sys.implementation.cache_tag}.marshal")
_programs: dict | None = None  # (pattern, flags) → (flags, code as bytes, groups, groupindex, indexgroup)
_recording = False  # set by warm(): keep the programs of what is compiled


def __getattr__(name: str):
    return getattr(re, name)


def _load() -> dict:
    global _programs
    if _programs is None:
        _programs = {}
        try:
            import marshal

            with open(CACHE_FILE, "rb") as f:
                data = marshal.load(f)
            if isinstance(data, dict) and data.get("key") == _KEY and isinstance(data.get("programs"), dict):
                _programs = data["programs"]
        except (OSError, EOFError, ValueError, TypeError):
            pass
    return _programs


def _program(pattern: str, flags: int) -> tuple:
    """What re._compiler.compile hands to _sre.compile for (pattern, flags), in a form marshal keeps."""
    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | p.state.flags), array("I", [int(c) for c in code]).tobytes(), p.state.groups - 1,
            groupindex, tuple(indexgroup))


def _rebuild(pattern: str, program: tuple) -> Pattern:
    flags, code, groups, groupindex, indexgroup = program
    return _sre.compile(pattern, flags, array("I", code).tolist(), groups, groupindex, indexgroup)


def compile(pattern, flags=0) -> Pattern:  # noqa: A001 - re.compile's stand-in
    """`re.compile(pattern, flags)`, rebuilt from the kept program when there is one."""
    if not _ENABLED or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    flags = int(flags)
    if flags & (re.DEBUG | re.LOCALE):  # DEBUG prints while compiling; LOCALE is for bytes patterns
        return re.compile(pattern, flags)
    program = _load().get((pattern, flags))
    if program is not None:
        try:
            return _rebuild(pattern, program)
        except Exception:  # noqa: BLE001 - a damaged entry: compile afresh below
            pass
    compiled = re.compile(pattern, flags)
    if _recording:
        try:
            program = _program(pattern, flags)
            if _rebuild(pattern, program) == compiled:
                _programs[(pattern, flags)] = program
        except Exception:  # noqa: BLE001 - keep nothing we could not check
            pass
    return compiled


def save(path: str | None = None) -> int:
    """Write the programs kept so far to `path` (CACHE_FILE by default; replaced whole: a reader never sees
    half a file)."""
    import marshal

    path = path or CACHE_FILE

    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            marshal.dump({"key": _KEY, "programs": _programs or {}}, f)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return len(_programs or {})


def warm(files: list[str]) -> int:
    """Compile what a run compiles — the modules, the whole agency lexicon, the pipeline over `files` — and
    write the cache file afresh. Returns the number of patterns kept."""
    global _programs, _recording
    if not _ENABLED:
        return 0
    _programs, _recording = {}, True
    try:
        import extractors
        from extractors import agencies
        from pipeline.analyse import run

        for name in extractors.ORDER:
            extractors.get(name)
        lex = agencies.lexicon()
        for head in lex.name_re:
            lex.name_re[head], lex.name_bare_re[head]
        for path in files:
            run(path)
    finally:
        _recording = False
    return save()


if __name__ == "__main__":
    from pathlib import Path

    from pipeline import regex_cache  # the module the others import, not this __main__ copy of it

    args = sys.argv[1:] or sorted(str(p) for p in (Path(__file__).resolve().parents[1] / "corpus").glob("*.txt"))
    print(f"{regex_cache.warm(args)} compiled patterns kept in {regex_cache.CACHE_FILE}")
