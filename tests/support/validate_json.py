#!/usr/bin/env python3
"""Validates JSON documents (one per line on stdin) against a JSON Schema file.

Usage: validate_json.py SCHEMA < lines.jsonl
Prints one line per invalid document and exits 1 if any is invalid, 0 otherwise.
Uses Debian's python3-jsonschema."""
import json
import sys

import jsonschema


def main() -> int:
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    bad = 0
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        for error in validator.iter_errors(json.loads(line)):
            print(f"document {n}: {error.json_path}: {error.message}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
