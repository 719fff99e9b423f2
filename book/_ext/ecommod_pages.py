"""Page assets without console errors: each inline script of a page is written once.

sphinx-thebe (loaded by Jupyter Book) registers its inline configuration script after the HTML
builder has started; Sphinx 7.4 then keeps two copies of it (one registered with the file name
``None``, one replayed from the registry with ``""``), and the second ``const THEBE_JS_URL``
stops with "Identifier 'THEBE_JS_URL' has already been declared" on every page. This drops the
repeats of any script (same file or same inline body), keeping the first.
"""

from __future__ import annotations


def script_key(script) -> tuple:
    """What makes two scripts the same: their file (``None`` and ``""`` alike) and attributes."""
    attributes = getattr(script, "attributes", {})
    return (str(getattr(script, "filename", script) or ""), tuple(sorted(attributes.items())))


def drop_repeated_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", drop_repeated_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
