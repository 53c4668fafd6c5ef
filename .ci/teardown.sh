#!/usr/bin/env bash
# Stops what the CI scripts started, by their PIDs; daemons started otherwise are left alone:
# the Slurm daemons and munged of .ci/slurm.sh, then (unless called as `teardown.sh slurm`) the
# dockerd of .ci/containers.sh.
state="${PG2_CI_STATE:-/var/lib/pg2-ci}"
stop() {
  local pid="$1"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
}
if [[ -f "$state/slurm.dir" ]]; then
  dir="$(cat "$state/slurm.dir")"
  for daemon in slurmd slurmctld; do
    [[ -f "$dir/$daemon.pid" ]] && stop "$(cat "$dir/$daemon.pid")"
  done
  rm -rf "$dir" "$state/slurm.dir"
fi
if [[ -f "$state/munged.pid" ]]; then
  stop "$(cat "$state/munged.pid")"
  rm -f "$state/munged.pid"
fi
[[ "${1:-}" == "slurm" ]] && exit 0
if [[ -f "$state/dockerd.pid" ]]; then
  stop "$(cat "$state/dockerd.pid")"
  rm -f "$state/dockerd.pid"
fi
