#!/usr/bin/python3
"""Checks docs/manifest.schema.json against the manifest test inputs.

Usage: schema_check.py SOURCE_DIR

- the schema is a valid draft 2020-12 schema;
- tests/manifest/cases/valid/*.json validate;
- tests/manifest/cases/invalid/*.json are rejected (not JSON, or not valid
  under the schema), except parser_only_*.json: those break rules only
  pycpack checks, so they must validate (which keeps the naming honest);
- every ```json block of docs/manifest.md and every manifests/*.json
  validate.

Exit status: 0 all good, 1 a check failed, 77 python3-jsonschema missing.
"""

import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("schema_check: the jsonschema module is missing "
          "(Debian: apt-get install python3-jsonschema); skipping")
    sys.exit(77)


def json_blocks(markdown):
    """Yields (line, text) for each ```json fenced block."""
    block, start = None, 0
    for n, line in enumerate(markdown.splitlines(), 1):
        if block is None:
            if line == "```json":
                block, start = [], n
        elif line.startswith("```"):
            yield start, "\n".join(block)
            block = None
        else:
            block.append(line)
    if block is not None:
        raise ValueError(f"unterminated ```json block at line {start}")


def main():
    root = pathlib.Path(sys.argv[1])
    schema = json.loads((root / "docs/manifest.schema.json").read_text())
    validator_cls = jsonschema.Draft202012Validator
    validator_cls.check_schema(schema)
    validator = validator_cls(schema)
    failures = []

    def errors_of(text):
        """None if |text| validates, else a short reason."""
        try:
            doc = json.loads(text)
        except ValueError as e:
            return f"not JSON: {e}"
        error = jsonschema.exceptions.best_match(validator.iter_errors(doc))
        if error is None:
            return None
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        return f"{where}: {error.message}"

    def must_validate(name, text):
        reason = errors_of(text)
        if reason is not None:
            failures.append(f"{name}: should validate, but {reason}")

    cases = root / "tests/manifest/cases"
    valid = sorted((cases / "valid").glob("*.json"))
    invalid = sorted((cases / "invalid").glob("*.json"))
    if len(valid) < 5 or len(invalid) < 20:
        failures.append(f"too few cases found under {cases}")
    for path in valid:
        must_validate(path.relative_to(root), path.read_text("utf-8"))
    for path in invalid:
        name = path.relative_to(root)
        text = path.read_text("utf-8")
        if path.name.startswith("parser_only_"):
            must_validate(name, text)
        elif errors_of(text) is None:
            failures.append(f"{name}: the schema accepts it; make the "
                            "schema reject it or name it parser_only_*")

    doc = root / "docs/manifest.md"
    blocks = list(json_blocks(doc.read_text("utf-8")))
    if len(blocks) < 3:
        failures.append(f"{doc}: too few ```json examples")
    for line, text in blocks:
        must_validate(f"docs/manifest.md:{line}", text)
    repo_manifests = sorted((root / "manifests").glob("*.json"))
    for path in repo_manifests:
        must_validate(path.relative_to(root), path.read_text("utf-8"))

    for f in failures:
        print(f"FAIL {f}")
    print(f"schema_check: {len(valid)} valid and {len(invalid)} invalid "
          f"cases, {len(blocks)} doc examples, {len(repo_manifests)} "
          f"manifests; {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
