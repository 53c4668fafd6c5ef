#!/usr/bin/env bash
# The podman engine in CI (../shared/docs/CONTAINERS.md): installs podman + runc if missing, writes
# the containers.conf that works on these machines (runc, cgroupfs), copies the pg2/pls image from
# Docker into podman's store, and runs the quick-start game and the failing-model game with
# --engine podman. Needs .ci/containers.sh first (for the image). Exits non-zero on failure.
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
say "copying pg2/pls:latest from docker"
docker save pg2/pls:latest | podman load -q || exit 1
out="${1:-results-ci/podman}"
./pg2 benchmark run benchmarks/quickstart.toml --engine podman --results "$out/quickstart" --quiet || { say "quickstart failed"; exit 1; }
./pg2 benchmark run benchmarks/ci/failing.toml --engine podman --results "$out/failing" --quiet
rc=$?
[[ $rc -eq 5 ]] || { say "failing game exited $rc, expected 5"; exit 1; }
grep -q '"status": "failed"' "$out/failing/ci_failing/neime/pls-broken/job.json" || { say "broken model not recorded as failed"; exit 1; }
grep -q '"status": "succeeded"' "$out/failing/ci_failing/neime/pls/job.json" || { say "pls not recorded as succeeded"; exit 1; }
say "ok: podman engine ran the quick start and recorded the broken model as failed"
