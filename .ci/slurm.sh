#!/usr/bin/env bash
# The slurm engine on a real one-node Slurm (docs/cluster.md). Installs slurm-wlm and munge from
# Debian if missing, writes a one-node slurm.conf under a temp folder (no cgroup plugins: memory
# limits are not enforced), starts munged, slurmctld and slurmd, waits for the node to be idle, then
# runs through --engine slurm: the quick start (leaderboard byte-identical to the local engine's in
# $2), the failing-model game (the broken model failed, pls succeeded), and a model that sleeps past
# its 1-minute [resources] time (recorded as timeout). Stops the daemons it started (also
# .ci/teardown.sh). Usage: .ci/slurm.sh <results folder> <local quick-start results folder>.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="${1:-results-ci/slurm}"
local_quickstart="${2:-results-ci/local}"
state="${PG2_CI_STATE:-/var/lib/pg2-ci}"
say() { echo "[slurm] $*"; }
mkdir -p "$state" "$out"

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  say "installing slurm-wlm munge"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null || exit 1
fi

tmp="$(mktemp -d /tmp/pg2-slurm-XXXXXX)"
echo "$tmp" > "$state/slurm.dir"
host="$(hostname -s)"
mem_mb=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - 512 ))
mkdir -p "$tmp/state" "$tmp/spool"
cat > "$tmp/slurm.conf" <<CONF
ClusterName=pg2ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1024
MinJobAge=3600
KillWait=5
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$(nproc) RealMemory=$mem_mb State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"

# munged: our own key and socket unless one already answers.
if ! munge -n >/dev/null 2>&1; then
  if [[ ! -s /etc/munge/munge.key ]]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
  fi
  mkdir -p /run/munge && chown munge:munge /run/munge
  runuser -u munge -- /usr/sbin/munged || { say "munged did not start"; exit 1; }
  pgrep -u munge -n munged > "$state/munged.pid"
fi
slurmctld -f "$SLURM_CONF" || { say "slurmctld did not start"; cat "$tmp/slurmctld.log"; exit 1; }
slurmd -f "$SLURM_CONF" || { say "slurmd did not start"; cat "$tmp/slurmd.log"; exit 1; }
for _ in $(seq 1 60); do
  [[ "$(sinfo -h -N -o %t 2>/dev/null)" == "idle" ]] && break
  sleep 0.5
done
[[ "$(sinfo -h -N -o %t 2>/dev/null)" == "idle" ]] || { say "node not idle: $(sinfo -N 2>&1)"; tail -20 "$tmp/slurmctld.log" "$tmp/slurmd.log"; exit 1; }
say "one-node Slurm up ($host, $(nproc) CPUs, ${mem_mb} MB) in $SECONDS s"

export PG2_SLURM_POLL_SECONDS=1
# Debian's python3 has scikit-learn/typer for models/pls-python (as .ci/run sets it).
export PG2_PYTHON="${PG2_PYTHON:-/usr/bin/python3}"
# The pg2 command (PG2="dotnet path/to/pg2.dll" runs a CLI built elsewhere).
read -r -a PG2 <<< "${PG2:-./pg2}"
status=0
fail() { say "FAILURE: $*"; status=1; }

# A model that sleeps past its 1-minute time limit (Slurm counts whole minutes), run while the rest goes on.
sleeper="$tmp/timeout"
mkdir -p "$sleeper/models/sleeper"
cat > "$sleeper/models/sleeper/sleeper.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
</Project>
XML
echo 'Thread.Sleep(TimeSpan.FromMinutes(10));' > "$sleeper/models/sleeper/Program.cs"
printf 'name = "sleeper"\n[resources]\ncpus = 1\nmemory = "256m"\ntime = "1m"\n' > "$sleeper/models/sleeper/manifest.toml"
cat > "$sleeper/game.toml" <<TOML
name = "ci_timeout"
kind = "supervised"
metrics = ["spearman"]
[[datasets]]
path = "$root/benchmarks/data/seed/charge_ladder.zip"
target = "charge"
[[models]]
path = "models/sleeper"
TOML
"${PG2[@]}" benchmark run "$sleeper/game.toml" --engine slurm --results "$out/timeout" --quiet > "$out/timeout.log" 2>&1 &
timeout_run=$!

"${PG2[@]}" benchmark run benchmarks/quickstart.toml --engine slurm --jobs 2 --results "$out/quickstart" --quiet || fail "quick start on slurm"
if cmp "$local_quickstart/leaderboard.csv" "$out/quickstart/leaderboard.csv"; then
  say "quick start: leaderboard.csv byte-identical to the local engine's"
else
  fail "quick start leaderboard differs from the local engine's"; diff "$local_quickstart/leaderboard.csv" "$out/quickstart/leaderboard.csv"
fi
"${PG2[@]}" benchmark run benchmarks/quickstart.toml --engine slurm --results "$out/quickstart" --json > "$out/rerun.json" || fail "quick start rerun"
grep -q '"executed": 0' "$out/rerun.json" && say "rerun: every job cached" || fail "rerun executed jobs (expected all cached)"

"${PG2[@]}" benchmark run benchmarks/ci/failing.toml --engine slurm --jobs 2 --results "$out/failing" --quiet
rc=$?
[[ $rc -eq 5 ]] || fail "failing game exited $rc, expected 5"
for ds in charge_ladder neime; do
  grep -q '"status": "failed"' "$out/failing/ci_failing/$ds/pls-broken/job.json" || fail "pls-broken on $ds not recorded as failed"
  grep -q '"status": "succeeded"' "$out/failing/ci_failing/$ds/pls/job.json" || fail "pls on $ds not recorded as succeeded"
done
[[ $status -eq 0 ]] && say "failing game: broken model failed, pls succeeded"

# Extra job inputs in a batch job: ESM's weights and the covariates, staged on the shared folder.
"${PG2[@]}" benchmark run benchmarks/ci/esm.toml --engine slurm --jobs 2 --results "$out/esm" --quiet || fail "esm game on slurm"
/usr/bin/python3 .ci/esm-check.py "$out/esm" || fail "esm job records (slurm)"
"${PG2[@]}" benchmark run benchmarks/ci/augmented.toml --engine slurm --jobs 2 --results "$out/augmented" --quiet || fail "augmented game on slurm"
grep -q '^ci_augmented,ridge-augmented,' "$out/augmented/leaderboard.csv" && say "esm and the covariate game ran as batch jobs" \
  || fail "augmented game on slurm: no ridge-augmented rows"
# The Python model with a card and no manifest.toml, beside pls, as batch jobs.
"${PG2[@]}" benchmark run benchmarks/ci/pls-python.toml --engine slurm --jobs 2 --results "$out/byo" --quiet || fail "pls-python game on slurm"
/usr/bin/python3 .ci/byo-compare.py "$out/byo/leaderboard.csv" pls pls-python || fail "pls-python != pls (slurm)"

wait "$timeout_run"
rc=$?
record="$out/timeout/ci_timeout/charge_ladder/sleeper/job.json"
if [[ $rc -eq 5 ]] && grep -q '"failure": "timeout"' "$record"; then
  say "a job past its time limit: $(grep '"reason"' "$record" | sed 's/^ *//')"
else
  fail "sleeper not recorded as timeout (exit $rc)"; cat "$out/timeout.log" "$record" 2>/dev/null
fi
leftover=$(squeue -h -o %i | wc -l)
[[ $leftover -eq 0 ]] || fail "$leftover Slurm jobs still queued after the runs"

bash .ci/teardown.sh slurm
say "done in $SECONDS s"
exit $status
