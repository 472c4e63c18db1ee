"""The `sasaeai` console script: Django's management commands under the project's name."""

import os
import sys


def main() -> None:
    """Run a management command (`sasaeai migrate`, `sasaeai import-plan FILE`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sasaeai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sasaeai", *_command_names(sys.argv[1:])])


def _command_names(args: list[str]) -> list[str]:
    """Accept `import-plan` for `import_plan`: the documented spelling uses hyphens."""
    if args and not args[0].startswith("-"):
        return [args[0].replace("-", "_"), *args[1:]]
    return args
