"""Schema: the published JSON Schemas, and documents checked against them.

``validators`` loads the packaged schemas and answers :func:`validate` and
:func:`iter_errors`; ``compile`` generates a fast yes/no check from a schema (jsonschema only
explains documents that fail); ``messages`` says each violation in Arabic or English. This
face re-exports the public functions.
"""

from __future__ import annotations

from wikimaint.schema.validators import (
    is_valid,
    iter_errors,
    load_schema,
    schema_names,
    validate,
)

__all__ = ["is_valid", "iter_errors", "load_schema", "schema_names", "validate"]
