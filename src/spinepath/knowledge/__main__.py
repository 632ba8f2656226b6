"""``python -m spinepath.knowledge``: check every content file; list any review that is due."""

from __future__ import annotations

import datetime as dt
import sys

from spinepath.knowledge.loader import KnowledgeError, load_knowledge


def main() -> int:
    try:
        knowledge = load_knowledge()
    except KnowledgeError as error:
        for problem in error.problems:
            print(f"content error: {problem}", file=sys.stderr)
        return 1
    overdue = [p.id for p in knowledge.procedures.values() if p.review_due < dt.date.today()]
    print(
        f"content {knowledge.version}: {len(knowledge.procedures)} procedures, "
        f"{len(knowledge.medicines)} medicines, {len(knowledge.hold_rules)} hold rules, "
        f"{len(knowledge.sources)} sources"
    )
    for proc_id in overdue:
        print(f"review overdue: procedures/{proc_id}.yaml", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
