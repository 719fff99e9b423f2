"""Maintenance scripts of the repository, run as ``python -m tools.<name>`` from its root.

Every tool process imports nbformat (directly, or through jupyter-cache, nbclient or myst-nb), and
nbformat imports jsonschema. jsonschema checks the "iri" and "iri-reference" string formats with
rfc3987_syntax when that package is installed (it is: jupyter-events asks for jsonschema's
"format-nongpl" extra), and rfc3987_syntax builds 39 Earley parsers as it is imported: about 2.5 s
in each process. No schema these tools validate (the notebook format's, jupyter-cache's) uses those
formats, so the import is blocked here: a ``None`` entry in ``sys.modules`` makes it raise
ImportError, and jsonschema then leaves the two formats unchecked, as it does without the package.
A process that has already imported rfc3987_syntax keeps it.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)
