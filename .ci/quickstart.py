"""Print one command of the README's Quickstart block: `main` (first) or `test` (second)."""

import re
import sys
from pathlib import Path


def quickstart_commands(readme: str) -> list[str]:
    section = readme.split("## Quickstart", 1)[1]
    block = re.search(r"```(?:bash|sh|console)?\n(.*?)```", section, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]


if __name__ == "__main__":
    commands = quickstart_commands((Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8"))
    print(commands[{"main": 0, "test": 1}[sys.argv[1]]])
