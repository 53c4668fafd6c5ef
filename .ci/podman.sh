#!/usr/bin/env bash
# The podman engine in CI (../shared/docs/CONTAINERS.md): installs podman + runc if missing, writes
# the containers.conf that works on these machines (runc, cgroupfs), copies the pg2/pls and pg2/pls-python images from
# Docker into podman's store, and runs the quick-start game and the failing-model game with
# --engine podman, and the pls-python game (its leaderboard values must equal pls's). Needs .ci/containers.sh first (for the image). Exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.."
say() { echo "[podman] $*"; }
if ! command -v podman >/dev/null 2>&1; then
  say "installing podman runc"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc >/dev/null || exit 1
fi
if [[ ! -f /etc/containers/containers.conf ]]; then
  mkdir -p /etc/containers
  cat > /etc/containers/containers.conf <<'CONF'
[containers]
default_ulimits = ["nofile=10000:10000", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
fi
say "copying pg2/pls:latest and pg2/pls-python:latest from docker"
docker save pg2/pls:latest pg2/pls-python:latest | podman load -q || exit 1
out="${1:-results-ci/podman}"
./pg2 benchmark run benchmarks/quickstart.toml --engine podman --results "$out/quickstart" --quiet || { say "quickstart failed"; exit 1; }
./pg2 benchmark run benchmarks/ci/failing.toml --engine podman --results "$out/failing" --quiet
rc=$?
[[ $rc -eq 5 ]] || { say "failing game exited $rc, expected 5"; exit 1; }
grep -q '"status": "failed"' "$out/failing/ci_failing/neime/pls-broken/job.json" || { say "broken model not recorded as failed"; exit 1; }
grep -q '"status": "succeeded"' "$out/failing/ci_failing/neime/pls/job.json" || { say "pls not recorded as succeeded"; exit 1; }
# The Python model beside pls: equal leaderboard values (≤ 1e-6).
./pg2 benchmark run benchmarks/ci/pls-python.toml --engine podman --jobs 2 --results "$out/byo" --quiet || { say "pls-python game failed"; exit 1; }
/usr/bin/python3 .ci/byo-compare.py "$out/byo/leaderboard.csv" pls pls-python || { say "pls-python != pls (podman)"; exit 1; }
# ESM with its weights mounted read-only, the covariate game, and today's contract (E4), as in docker.
docker save pg2/esm:latest pg2/gp:latest pg2/ridge-augmented:latest pg2/site-independent:latest | podman load -q || exit 1
./pg2 benchmark run benchmarks/ci/esm.toml --engine podman --results "$out/esm" --quiet || { say "esm game failed"; exit 1; }
/usr/bin/python3 .ci/esm-check.py "$out/esm" || { say "esm job records (podman)"; exit 1; }
./pg2 benchmark run benchmarks/ci/augmented.toml --engine podman --jobs 2 --results "$out/augmented" --quiet || { say "augmented game failed"; exit 1; }
./pg2 benchmark run benchmarks/ci/pls-e4.toml --engine podman --jobs 2 --results "$out/e4" --quiet || { say "pls-e4 game failed"; exit 1; }
/usr/bin/python3 .ci/byo-compare.py "$out/e4/leaderboard.csv" pls pls-e4 || { say "pls-e4 != pls (podman)"; exit 1; }
say "ok: podman engine ran the quick start, recorded the broken model as failed, pls-python and pls-e4 equal pls, esm and the covariate game ran"
