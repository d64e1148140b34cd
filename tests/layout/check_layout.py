#!/usr/bin/env python3
"""The source tree keeps its rooms apart. Each room (a folder, a library of its
own) includes only from the rooms it may depend on, and the third-party
headers each stand behind exactly one room:

    Pistache                      app/server/
    SQLiteCpp, sqlite3, libpqxx   storage/
    libsodium                     crypto/ (and one sodium_init() call in it)

No file in app/ reaches a third-party header of another room through the
headers it includes either (quoted includes are followed): the composition
root opens the stores through storage/store_factory.hpp, which names no
SQLiteCpp or libpqxx header.

README.md, "Source layout", is the same table in prose.

    check_layout.py SOURCE_ROOT
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)

# Which rooms each room may include from (itself always).
ALLOWED = {
    "domain": set(),
    "crypto": {"domain"},
    "storage": {"domain"},
    "app/http": set(),
    "app/observability": {"domain"},
    "app/api": {"domain", "app/http", "app/observability"},
    "app/server": {"domain", "app/http", "app/observability", "app/api"},
    "app/cli": {"domain", "storage", "app/http", "app/observability", "app/api", "app/server",
                "app"},
    "app": {"domain", "crypto", "storage", "app/http", "app/observability", "app/api",
            "app/server", "app/cli"},
}
# Third-party headers, by the start of their include path, and the one room
# that may include them.
OWNED_HEADERS = [
    ("pistache/", "app/server"),
    ("SQLiteCpp/", "storage"),
    ("sqlite3.h", "storage"),
    ("pqxx/", "storage"),
    ("sodium.h", "crypto"),
    ("sodium/", "crypto"),
]
SOURCE = ("*.cpp", "*.hpp", "*.h")


def room_of(root: pathlib.Path, path: pathlib.Path) -> str:
    relative = path.relative_to(root).parts
    if relative[0] == "app" and len(relative) > 2:
        return "app/" + relative[1]
    return relative[0]


def resolve_path(root: pathlib.Path, including: pathlib.Path, name: str):
    """The file a quoted include names, or None if it is not ours."""
    candidates = [including.parent / name]
    candidates += [root / "app" / name]
    candidates += [root / top / name for top in ("domain", "crypto", "storage")]
    candidates += [root / "app" / "http" / name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    return None


def resolve(root: pathlib.Path, including: pathlib.Path, name: str):
    """The room of the file a quoted include names, or None if it is not ours."""
    path = resolve_path(root, including, name)
    return None if path is None else room_of(root, path)


def owner_of(name: str):
    for prefix, owner in OWNED_HEADERS:
        if name.startswith(prefix):
            return owner
    return None


def reached_headers(root: pathlib.Path, start: pathlib.Path):
    """(third-party header, the file of ours that includes it) for every
    file `start` reaches through quoted includes, itself excluded."""
    seen = {start.resolve()}
    pending = [start.resolve()]
    while pending:
        current = pending.pop()
        for kind, name in INCLUDE.findall(current.read_text()):
            if kind == "<":
                if current != start.resolve():
                    yield name, current
                continue
            target = resolve_path(root, current, name)
            if target is not None and target not in seen:
                seen.add(target)
                pending.append(target)


def main() -> int:
    root = pathlib.Path(sys.argv[1]).resolve()
    problems = []
    init_calls = []
    for top in ("app", "domain", "crypto", "storage"):
        for pattern in SOURCE:
            for path in sorted((root / top).rglob(pattern)):
                room = room_of(root, path)
                text = path.read_text()
                where = path.relative_to(root)
                if path.suffix == ".cpp" and re.search(r"\bsodium_init\s*\(", text):
                    init_calls.append(str(where))
                for kind, name in INCLUDE.findall(text):
                    if kind == "<":
                        for prefix, owner in OWNED_HEADERS:
                            if name.startswith(prefix) and room != owner:
                                problems.append(f"{where}: <{name}> belongs to {owner}/ only")
                        continue
                    target = resolve(root, path, name)
                    if target is None or target == room:
                        continue
                    if target not in ALLOWED.get(room, set()):
                        problems.append(f'{where}: "{name}" is in {target}/, which {room}/ '
                                        "may not depend on")
                if top != "app":
                    continue
                for name, through in sorted(set(reached_headers(root, path))):
                    owner = owner_of(name)
                    if owner is not None and owner != room:
                        problems.append(f"{where}: reaches <{name}>, which belongs to {owner}/ "
                                        f"only, through {through.relative_to(root)}")
    if len(init_calls) != 1:
        problems.append("sodium_init() must be called in exactly one place, found: "
                        + (", ".join(init_calls) or "none"))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
