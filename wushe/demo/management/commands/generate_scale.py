"""``manage.py generate_scale --scale small|city``: bulk-generated data for benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wushe.demo.scale import SCALES, delete_generated, generate, generated_exists


class Command(BaseCommand):
    help = (
        "Generate places, organisations and members, and programmes, proposals, reviews, grants and "
        "support activities on top, at a given scale (small: ~600 organisations, 1,000 proposals; "
        "city: ~12,000 organisations, 7,000 communities, ~36,000 people, 20,000 proposals, 200,000 "
        "support activities). Refuses to run twice unless --reset, which first deletes the rows "
        "generated before."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--reset", action="store_true", help="delete previously generated rows first")
        parser.add_argument("--seed", type=int, default=20201201, help="random seed (same seed, same data)")

    def handle(self, *args: Any, **options: Any) -> None:
        if generated_exists():
            if not options["reset"]:
                raise CommandError("Generated data already exists; run again with --reset to replace it.")
            deleted = delete_generated()
            self.stdout.write("Deleted generated rows: " + ", ".join(f"{k} {v}" for k, v in deleted.items()))
        report = generate(scale=SCALES[options["scale"]], seed=options["seed"], log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated scale {report.scale!r} in {report.seconds:.1f} s: {report.organisations} organisations, "
                f"{report.users} users, {report.memberships} memberships, {report.streets} streets, "
                f"{report.communities} communities"
                + "".join(f", {n} {name.replace('_', ' ')}" for name, n in report.lifecycle.items())
                + "."
            )
        )
