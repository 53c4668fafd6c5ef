#!/usr/bin/env bash
# Stops the dockerd that .ci/containers.sh started (by its PID); a daemon started otherwise is left alone.
state="${PG2_CI_STATE:-/var/lib/pg2-ci}"
if [[ -f "$state/dockerd.pid" ]]; then
  pid="$(cat "$state/dockerd.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  rm -f "$state/dockerd.pid"
fi
