"""Write a study guide in the seed's markdown shape with N made-up entries, for import and engine benchmarks.

python bench/make_guide.py 10000 > /tmp/guide-10k.md
"""

from __future__ import annotations

import random
import sys

WORDS = (
    "async data web api graph queue task cache stream render widget schema query model form auth "
    "socket template plugin route server client desktop chart plot table batch event message cloud "
    "mobile game audio image video text search index crawl parse build deploy test lint debug"
).split()


def make_guide(count: int, seed: int = 7) -> str:
    """A guide with `count` entries spread over three categories, reproducible for a given seed."""
    rng = random.Random(seed)
    categories = ["Frontend Frameworks", "Backend Frameworks", "Other Relevant Technologies"]
    out = ["# Generated Frameworks\n\nA generated study guide.\n"]
    per_category = -(-count // len(categories))
    number = 0
    for category in categories:
        out.append(f"\n## {category}\n")
        for _ in range(min(per_category, count - number)):
            number += 1
            name = f"{rng.choice(WORDS).title()}{rng.choice(WORDS).title()}{number}"
            words = lambda n: " ".join(rng.choice(WORDS) for _ in range(n))  # noqa: E731
            out.append(f"\n### {name}\n")
            out.append(f"- **Overview**: A {words(3)} framework for {words(8)}.\n")
            out.append("- **Features**:\n" + "".join(f"  - {words(5).capitalize()}\n" for _ in range(3)))
            out.append("- **Use Cases**:\n" + "".join(f"  - {words(3).capitalize()}\n" for _ in range(2)))
            url = f"https://docs{number % 50}.example.org/{name.lower()}/"
            out.append(f"- **Resources**:\n  - [{name} Documentation]({url})\n")
    return "".join(out)


if __name__ == "__main__":
    sys.stdout.write(make_guide(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
