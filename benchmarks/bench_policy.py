"""Speed of the §6 policy models, as ratios within one run on one machine.

Two measurements:

* the loan Monte Carlo: seller-paths per second of :func:`ecommod.policy.simulate_loans`
  (vectorised over paths) beside :func:`ecommod.policy.simulate_loan_one_path` (a Python loop);
* the policy sweep (:func:`ecommod.policy.sweep`) over a large scenario grid: serial, a local
  process pool over every core (speed-up target: 1.7 times serial on 2 cores), and a local Dask
  cluster with as many single-threaded workers (its overhead against the pool, and its start-up).

Run from the repository root: ``python -m benchmarks.bench_policy``. Prints a table and returns
the measurements as a dict. Wall-clock seconds depend on the machine and its load: on a machine
shared with other work, a second process gets less than a second core, so each timing is the best
of :data:`REPEATS` interleaved runs, the load average (runnable processes) is reported beside, and
the processor seconds of the serial and the pooled sweep show the parallel overhead whatever the
load.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

from ecommod import policy

#: Sizes of the measurements (the notebook uses smaller ones).
VECTORISED_PATHS = 200_000
LOOP_PATHS = 5_000
GRID_LEVELS = 4  # 4 settings per lever: 256 scenarios
REPEATS = 3
#: Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 in its workers, which also turns off glibc's
#: adaptive mmap threshold: every array above 128 KiB is then mapped and unmapped afresh, and the
#: page faults made one scenario about 2.6 times slower here (0.13 s against 0.05 s, mostly
#: system time). A fixed 64 MiB mmap threshold restores the speed of a plain process.
DASK_WORKER_ENVIRON = {"MALLOC_MMAP_THRESHOLD_": 64 * 2**20}
SWEEP_OPTIONS = {"population": policy.SellerPopulation(n_sellers=150), "n_paths": 200, "seed": 0}


def _timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def _cpu_seconds(function) -> float:
    """Processor seconds (user + system) that ``function`` uses in this process and in the
    child processes it starts and joins: the work, whatever share of the cores others leave.
    Parallel overhead shows as pool seconds above serial seconds; on ``cores`` idle cores the
    speed-up would be about cores × serial / pool."""
    before = os.times()
    function()
    after = os.times()
    fields = ("user", "system", "children_user", "children_system")
    return sum(getattr(after, f) - getattr(before, f) for f in fields)


def _best(timings: list[tuple[float, object]]) -> tuple[float, object]:
    """The fastest of repeated runs (the one least disturbed by other work) and its result."""
    return min(timings, key=lambda timing: timing[0])


def monte_carlo() -> dict[str, float]:
    """Seller-paths per second, vectorised and looped, on the default seller profile."""
    profile, terms = policy.SellerProfile(), policy.LoanTerms()
    valuation = policy.value_data_asset(profile)
    options = {
        "annual_sales_yuan": profile.annual_sales_yuan,
        "principal_yuan": policy.pledge_principal(valuation, terms),
        "collateral_yuan": valuation.pledgeable_value_yuan * (1 - terms.valuation_haircut),
        "collateral_moves_with_sales": True,
        "recovery_rate": terms.data_recovery_rate,
        "seller_rate": terms.annual_rate,
        "lender_rate": terms.annual_rate,
        "funding_rate": terms.funding_rate,
        "contribution_margin": profile.contribution_margin,
        "net_margin": profile.net_margin,
        "cash_buffer_share": profile.cash_buffer_share,
        "trigger_ltv": terms.trigger_ltv,
        "target_ltv": terms.loan_to_value,
    }

    def index(paths: int):
        shocks = policy.Shocks.draw(1, paths, terms.term_months, seed=0)
        return policy.sales_index(
            shocks, profile.sales_volatility, profile.shock_rate, profile.shock_size
        )

    many, few = index(VECTORISED_PATHS), index(LOOP_PATHS)
    vectorised, _ = _timed(lambda: policy.simulate_loans(many, **options))
    looped, _ = _timed(lambda: [policy.simulate_loan_one_path(path, **options) for path in few[0]])
    vectorised_rate = VECTORISED_PATHS / vectorised
    loop_rate = LOOP_PATHS / looped
    return {
        "vectorised_paths_per_second": vectorised_rate,
        "loop_paths_per_second": loop_rate,
        "vectorised_over_loop": vectorised_rate / loop_rate,
    }


def sweep_speed() -> dict[str, float]:
    """Seconds for the big grid: serial, local process pool, local Dask cluster (same workers),
    the last with Dask's default worker environment and with :data:`DASK_WORKER_ENVIRON`."""
    cores = os.cpu_count() or 1
    scenarios = policy.scenario_grid(levels=GRID_LEVELS)
    load_before = os.getloadavg()[0]

    def serial():
        return policy.sweep(scenarios, executor=policy.SerialExecutor(), **SWEEP_OPTIONS)

    def pooled():
        with ProcessPoolExecutor(max_workers=cores) as pool:
            return policy.sweep(scenarios, executor=pool, **SWEEP_OPTIONS)

    serial_runs, pooled_runs = [], []
    for _ in range(REPEATS):  # interleaved, so that a burst of other work hits both
        serial_runs.append(_timed(serial))
        pooled_runs.append(_timed(pooled))
    (serial_time, reference), (local, local_result) = _best(serial_runs), _best(pooled_runs)
    serial_cpu, pooled_cpu = _cpu_seconds(serial), _cpu_seconds(pooled)
    dask_default = _dask_sweep(scenarios, cores, {})
    dask_tuned = _dask_sweep(scenarios, cores, DASK_WORKER_ENVIRON)
    pd.testing.assert_frame_equal(reference, local_result)
    for _, _, dask_result in (dask_default, dask_tuned):
        pd.testing.assert_frame_equal(reference, dask_result)
    return {
        "cores": cores,
        "scenarios": len(scenarios),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
        "serial_seconds": serial_time,
        "local_pool_seconds": local,
        "local_pool_speedup": serial_time / local,
        "serial_cpu_seconds": serial_cpu,
        "local_pool_cpu_seconds": pooled_cpu,
        "local_pool_cpu_over_serial_cpu": pooled_cpu / serial_cpu,
        "dask_cluster_startup_seconds": dask_default[0],
        "dask_seconds": dask_default[1],
        "dask_speedup": serial_time / dask_default[1],
        "dask_over_local_pool": dask_default[1] / local,
        "dask_mmap_threshold_seconds": dask_tuned[1],
        "dask_mmap_threshold_speedup": serial_time / dask_tuned[1],
        "dask_mmap_threshold_over_local_pool": dask_tuned[1] / local,
    }


def _dask_sweep(scenarios, cores: int, environ: dict[str, int]):
    """Start-up seconds of a local Dask cluster (one single-threaded worker per core, worker
    environment ``environ`` added), best sweep seconds on it, and the sweep's table."""
    import dask
    from dask.distributed import Client, LocalCluster

    settings = {f"distributed.nanny.pre-spawn-environ.{name}": v for name, v in environ.items()}
    start = time.perf_counter()
    with (
        dask.config.set(settings),
        LocalCluster(
            n_workers=cores, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        startup = time.perf_counter() - start
        executor = client.get_executor(pure=False)  # pure=False: repeats are not served cached
        seconds, table = _best(
            [
                _timed(lambda: policy.sweep(scenarios, executor=executor, **SWEEP_OPTIONS))
                for _ in range(REPEATS)
            ]
        )
    return startup, seconds, table


def main() -> dict[str, float]:
    results = monte_carlo() | sweep_speed()
    table = pd.Series(results, name="value").to_frame()
    table.index.name = "measurement"
    print(table.to_string(float_format=lambda v: f"{v:,.2f}"))
    return results


if __name__ == "__main__":
    main()
