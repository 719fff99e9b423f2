"""``jupyter-book`` for the book's Sphinx builds, run as ``python -m tools.sphinx_build``.

The same command line as the ``jupyter-book`` script; running it from this package first means its
process does not build the IRI parsers nbformat's import would otherwise build (tools/__init__.py).

Usage: python -m tools.sphinx_build build SOURCE [OPTIONS]
"""

import sys

from jupyter_book.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
