"""The book's reading of the inline expressions a notebook's prose uses (ecommod/prose.py).

The same markdown shows its numbers in JupyterLab (the kernel evaluates the expression) and in the
book, which has no kernel: here `` {eval}`prose.name` `` is the text glued as ``name`` (as
``{glue:md}`` would show it), `` {eval}`cite.key` `` a textual citation of ``key`` and
`` {eval}`citep.key` `` a parenthetical one (as ``{cite:t}`` and ``{cite:p}``). Any other
expression is an error naming it, so a chapter cannot show a value the book does not have.
"""

from __future__ import annotations

import re

from docutils import nodes
from myst_nb.ext.glue.roles import PasteMarkdownRole
from myst_nb.ext.glue.utils import RetrievalError, retrieve_glue_data
from myst_nb.ext.utils import RoleBase

from ecommod.prose import CHINESE_GLUE_SUFFIX, NAMESPACES

EXPRESSION = re.compile(rf"^({'|'.join(NAMESPACES)})\.([A-Za-z_][A-Za-z0-9_]*)$")
CITATION_ROLE = {"cite": "t", "citep": "p"}


class ProseExpression(RoleBase):
    """`` {eval}`prose.name` ``, `` {eval}`cite.key` `` or `` {eval}`citep.key` ``."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        match = EXPRESSION.match(self.text.strip())
        if match is None:
            message = self.inliner.reporter.error(
                f"inline expression {self.text!r}: the book shows only prose.<glued name>, "
                "cite.<key> and citep.<key> (ecommod/prose.py)",
                line=self.line,
            )
            return [], [message]
        namespace, name = match.groups()
        if namespace == "prose_zh":  # the Chinese twin, glued under its own name if it differs
            twin = name + CHINESE_GLUE_SUFFIX
            try:
                retrieve_glue_data(self.document, twin)
                name = twin
            except RetrievalError:
                pass  # the same text in both languages (a number): glued once
        if namespace in ("prose", "prose_zh"):
            return PasteMarkdownRole()("glue:md", self.rawtext, name, self.line, self.inliner)
        env = self.document.settings.env
        role = env.get_domain("cite").role(CITATION_ROLE[namespace])
        return role(f"cite:{CITATION_ROLE[namespace]}", self.rawtext, name, self.line, self.inliner)


def setup(app):
    # Loaded after myst_nb (a local extension), so this reading replaces its kernel-only {eval}.
    app.add_role("eval", ProseExpression(), override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
