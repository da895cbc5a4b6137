"""Spreadsheet import and export shared by the apps: cell widgets, CSV/XLSX files, the base resource,
the admin mixin and what the commands share."""
