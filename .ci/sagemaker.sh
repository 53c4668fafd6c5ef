#!/usr/bin/env bash
# Local AWS for the SageMaker engine: s3rver (S3) and the pg2 SageMaker emulator, both on 127.0.0.1.
#
#   source .ci/sagemaker.sh && sagemaker_start   # installs s3rver if missing, starts both, exports AWS_* / PG2_SAGEMAKER_*
#   ... pg2 benchmark run <game> --engine sagemaker; dotnet test tests/Pg2.SageMaker.Tests ...
#   sagemaker_stop                               # stops both (by PID) and removes their temp folders
#
# Run directly (bash .ci/sagemaker.sh) it only installs s3rver and builds the emulator.
# Ports: PG2_S3RVER_PORT (4568), PG2_SAGEMAKER_EMULATOR_PORT (4579). Container CLI: PG2_CONTAINER_CLI
# (default docker, else podman when docker has no daemon).

_sm_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

sagemaker_install() {
  local bin="$_sm_root/tools/s3rver/node_modules/.bin/s3rver"
  if [[ ! -x "$bin" ]]; then
    echo "installing s3rver into tools/s3rver"
    if [[ -f "$_sm_root/tools/s3rver/package-lock.json" ]]; then
      (cd "$_sm_root/tools/s3rver" && npm ci --no-audit --no-fund --silent) || return 1
    else
      npm install --prefix "$_sm_root/tools/s3rver" s3rver --no-audit --no-fund --silent || return 1
    fi
  fi
  export PG2_SAGEMAKER_EMULATOR_DIR="${PG2_SAGEMAKER_EMULATOR_DIR:-$_sm_root/artifacts/sagemaker-emulator}"
  # Debug, like the test build, so the projects it references are built once for both.
  dotnet build "$_sm_root/tools/Pg2.SageMakerEmulator" -o "$PG2_SAGEMAKER_EMULATOR_DIR" --nologo -v q -clp:ErrorsOnly || return 1
}

_sm_wait() { # url seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  return 1
}

sagemaker_start() {
  sagemaker_install || { echo "sagemaker: install failed"; return 1; }
  local s3port="${PG2_S3RVER_PORT:-4568}" smport="${PG2_SAGEMAKER_EMULATOR_PORT:-4579}"
  local cli="${PG2_CONTAINER_CLI:-docker}"
  if [[ -z "${PG2_CONTAINER_CLI:-}" ]] && ! docker info >/dev/null 2>&1 && command -v podman >/dev/null; then cli=podman; fi
  _sm_tmp="$(mktemp -d /tmp/pg2-sagemaker.XXXXXX)"
  mkdir -p "$_sm_tmp/s3" "$_sm_tmp/jobs"
  "$_sm_root/tools/s3rver/node_modules/.bin/s3rver" -d "$_sm_tmp/s3" -a 127.0.0.1 -p "$s3port" --silent \
    --configure-bucket pg2-ci >"$_sm_tmp/s3rver.log" 2>&1 &
  _sm_s3_pid=$!
  _sm_wait "http://127.0.0.1:$s3port/" 30 || { echo "sagemaker: s3rver did not start"; cat "$_sm_tmp/s3rver.log"; return 1; }
  dotnet "$PG2_SAGEMAKER_EMULATOR_DIR/Pg2.SageMakerEmulator.dll" --urls "http://127.0.0.1:$smport" \
    --s3-endpoint "http://127.0.0.1:$s3port" --container-cli "$cli" --work-dir "$_sm_tmp/jobs" \
    --access-key S3RVER --secret-key S3RVER --region us-east-1 >"$_sm_tmp/emulator.log" 2>&1 &
  _sm_emu_pid=$!
  _sm_wait "http://127.0.0.1:$smport/health" 30 || { echo "sagemaker: emulator did not start"; cat "$_sm_tmp/emulator.log"; return 1; }
  export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
  export AWS_ENDPOINT_URL_S3="http://127.0.0.1:$s3port" AWS_ENDPOINT_URL_SAGEMAKER="http://127.0.0.1:$smport"
  export PG2_SAGEMAKER_ROLE_ARN="arn:aws:iam::000000000000:role/pg2-ci"
  export PG2_SAGEMAKER_S3_TRAINING_DATA_PREFIX="pg2-ci/training-data" PG2_SAGEMAKER_S3_OUTPUT_PREFIX="pg2-ci/output"
  export PG2_SAGEMAKER_POLL_SECONDS=1 PG2_REQUIRE_S3=1
  echo "sagemaker: s3rver on :$s3port (pid $_sm_s3_pid), emulator on :$smport (pid $_sm_emu_pid, runs jobs with $cli); logs in $_sm_tmp"
}

sagemaker_stop() {
  [[ -n "${_sm_emu_pid:-}" ]] && kill "$_sm_emu_pid" 2>/dev/null && wait "$_sm_emu_pid" 2>/dev/null
  [[ -n "${_sm_s3_pid:-}" ]] && kill "$_sm_s3_pid" 2>/dev/null && wait "$_sm_s3_pid" 2>/dev/null
  [[ -n "${_sm_tmp:-}" ]] && rm -rf "$_sm_tmp"
  unset _sm_emu_pid _sm_s3_pid _sm_tmp
  unset AWS_ENDPOINT_URL_S3 AWS_ENDPOINT_URL_SAGEMAKER
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  sagemaker_install
fi
