#!/usr/bin/env python3
"""The repository explains itself: every relative link in its Markdown files
(README.md, docs/*.md) names a file inside the repository that exists, and an
anchor (#section) names a heading of that file; no document points at a path
outside the repository.

    check_links.py SOURCE_ROOT
"""
import pathlib
import re
import sys

LINK = re.compile(r"\]\(([^)\s]+)\)")
# A path that climbs out of the repository, in a link or in inline code.
OUTSIDE = re.compile(r"(?<![\w.])\.\./(?:\.\./)*(?:shared|seed|spec)\b")


def anchors(markdown: str) -> set:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as '-'."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", markdown, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found


def main() -> int:
    root = pathlib.Path(sys.argv[1]).resolve()
    documents = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    problems = []
    for document in documents:
        text = document.read_text(encoding="utf-8")
        name = document.relative_to(root)
        for match in OUTSIDE.finditer(text):
            problems.append(f"{name}: refers outside the repository: {match.group(0)}")
        for target in LINK.findall(text):
            if re.match(r"^[a-z]+:", target):
                continue  # http:, https:, mailto:
            path, _, anchor = target.partition("#")
            linked = (document.parent / path).resolve() if path else document
            if root not in linked.parents and linked != root:
                problems.append(f"{name}: link outside the repository: {target}")
            elif not linked.exists():
                problems.append(f"{name}: link to a missing file: {target}")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(
                    linked.read_text(encoding="utf-8")):
                problems.append(f"{name}: link to a missing section: {target}")
    for problem in problems:
        print(problem)
    print(f"checked {len(documents)} documents: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
