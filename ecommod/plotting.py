"""One figure theme for the whole book, and a source line under every figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import seaborn as sns

#: Colours in the order series appear; colour-blind safe.
PALETTE = "colorblind"
SOURCE_FONT_SIZE = 8


def set_theme() -> None:
    """Apply the book's seaborn theme (call once at the top of a chapter)."""
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=PALETTE,
        font="DejaVu Sans",
        rc={
            "figure.figsize": (7.5, 4.2),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            # Fixed metadata keeps saved figures byte-identical between runs.
            "svg.hashsalt": "ecommod",
        },
    )


def add_source(fig: plt.Figure, text: str) -> None:
    """Write ``Source: text`` under the figure, left-aligned, and make room for it."""
    if not text.strip():
        raise ValueError("text must name the source of the figure's data, got an empty string")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.text(
        0.01,
        0.01,
        f"Source: {text}",
        ha="left",
        va="bottom",
        fontsize=SOURCE_FONT_SIZE,
        color="0.35",
        wrap=True,
    )
