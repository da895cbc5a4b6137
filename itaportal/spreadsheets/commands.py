"""What the import and export commands share: reading and writing files, and reporting an import.

Framing lines are English, as in our other commands; the rows' problems are Thai, as in admin.
"""
from __future__ import annotations

from pathlib import Path

import tablib
from django.core.management.base import CommandError

from itaportal.spreadsheets.formats import SheetReadError, check_size, format_for


def read_file(path: Path) -> tablib.Dataset:
    if not path.is_file():
        raise CommandError(f"No such file: {path}", returncode=2)
    file_format = format_for(path)
    if file_format is None:
        raise CommandError(f"{path}: give a .csv or .xlsx file.", returncode=2)
    try:
        check_size(path.stat().st_size)  # before the file is read into memory
        return file_format.create_dataset(path.read_bytes())
    except SheetReadError as error:
        raise CommandError(f"{path}: {error}", returncode=1) from None


def output_format(path: Path):
    file_format = format_for(path)
    if file_format is None:
        raise CommandError(f"{path}: the output file must end in .csv or .xlsx.", returncode=2)
    return file_format


def write_file(resource, path: Path) -> tablib.Dataset:
    """Exports the resource to the file; XLSX keeps numbers as numbers."""
    file_format = output_format(path)
    dataset = resource.export(force_native_type=file_format.native_types)
    path.write_bytes(file_format.export_data(dataset))
    return dataset


def report(command, result, *, path: Path, dry_run: bool) -> None:
    """Prints the counts and each row's changes, or every problem (then exits with status 1)."""
    if result.problems:
        for problem in result.problems:
            command.stderr.write(str(problem))
        count = len(result.problems)
        raise CommandError(f"{path}: {count} problem{'s' if count != 1 else ''}; nothing was imported.", returncode=1)
    totals = result.totals
    command.stdout.write(
        f"{'Would import' if dry_run else 'Imported'} {path.name}: {totals['new']} new, "
        f"{totals['update']} updated, {totals['skip']} unchanged."
    )
    for change in result.changes:
        command.stdout.write(f"  row {change.row} {'new' if change.new else 'changed'} {change}")
    if result.ignored_columns:
        command.stdout.write(f"Columns ignored: {', '.join(result.ignored_columns)}")
    if dry_run:
        command.stdout.write("Dry run: nothing was saved.")
