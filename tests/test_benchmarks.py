"""The benchmark runner's record of the machine: the host's share of CPU time ("steal") and the
time of a fixed workload (how fast the machine ran)."""

from __future__ import annotations

from benchmarks.run import PROC_STAT_FIELDS, cpu_ticks, reference_seconds, steal_percent


def ticks(**changed: int) -> dict[str, int]:
    return {field: changed.get(field, 0) for field in PROC_STAT_FIELDS}


def test_steal_is_the_share_of_the_elapsed_cpu_time_the_host_took():
    before = ticks(user=100, idle=50, steal=10)
    after = ticks(user=160, idle=70, steal=30)  # 100 ticks elapsed, 20 of them stolen
    assert steal_percent(before, after) == 20.0


def test_steal_is_unknown_without_proc_stat_or_elapsed_time():
    assert steal_percent(None, ticks()) is None
    assert steal_percent(ticks(user=5), ticks(user=5)) is None


def test_cpu_ticks_reads_every_field_on_linux():
    found = cpu_ticks()
    assert found is None or (set(found) == set(PROC_STAT_FIELDS) and found["idle"] > 0)


def test_the_reference_workload_is_timed_in_seconds():
    seconds = reference_seconds(repeats=1)
    assert isinstance(seconds, float) and 0 < seconds < 60


def test_imports_first_gathers_every_import_once_in_a_first_cell():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from benchmarks.bench_book import imports_first

    notebook = new_notebook(
        cells=[
            new_markdown_cell("import this is prose"),
            new_code_cell("from __future__ import annotations\nimport numpy as np\nx = 1"),
            new_code_cell("%matplotlib inline\nfrom ecommod import data, plotting\nimport numpy"),
            new_code_cell("import numpy as np\nif x:\n    import json\ny = np.arange(3)"),
        ]
    )
    imports_first(notebook)
    expected = "import numpy as np\nfrom ecommod import data, plotting\nimport numpy"
    assert notebook.cells[0].source == expected
    assert len(notebook.cells) == 5 and notebook.cells[2].source.endswith("x = 1")
