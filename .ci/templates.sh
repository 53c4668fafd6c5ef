#!/usr/bin/env bash
# CI for the model authors' path (templates/pg2-model, pg2 model new/validate, docs/models.md):
#   1. installs the template from the repository (dotnet new install templates/pg2-model);
#   2. creates one supervised and one zero-shot model (./pg2 model new) in a temporary folder;
#   3. builds them and runs their tests (trx results under TestResults/templates-*, counted by .ci/run);
#   4. ./pg2 model validate: as a process, then as an image (./pg2 model build, --image, Docker);
#   5. runs each in its small game (game.toml, bundled dataset): ./pg2 benchmark run --engine docker.
# Needs the Docker engine and base-image stand-ins of .ci/containers.sh (run it first).
# The temporary folder is inside the checkout (models/ci-templates.XXXXXX, removed at exit): a template
# folder has no Dockerfile; the shared models/Dockerfile builds it from the checkout's root
# (--build-arg MODEL=ci-templates.XXXXXX/<name>), so it must be under models/. Exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PG2_HOME="$root"
export DOCKER_HOST="${DOCKER_HOST:-unix:///var/run/docker.sock}"
say() { echo "[templates] $*"; }
failed=0
fail() { say "FAIL: $*"; failed=1; }

tmp="$(mktemp -d "$root/models/ci-templates.XXXXXX")"
images=()
cleanup() {
  for image in "${images[@]}"; do docker rmi -f "$image" >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

say "dotnet new install templates/pg2-model"
dotnet new install templates/pg2-model --force >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "template install"; exit 1; }

docker_ok=1
docker info >/dev/null 2>&1 || { docker_ok=0; fail "no Docker daemon on $DOCKER_HOST (run .ci/containers.sh first): image checks cannot run"; }

for kind in supervised zero-shot; do
  name="demo-$kind"; dir="$tmp/$name"; rel="${dir#"$root"/}"; image="pg2/$name:latest"
  say "== $kind model: ./pg2 model new $name --kind $kind -o $rel"
  ./pg2 model new "$name" --kind "$kind" -o "$dir" || { fail "$kind: model new"; continue; }

  say "dotnet build + test ($rel/tests)"
  if dotnet build "$dir/tests" --nologo -v quiet -clp:ErrorsOnly; then
    dotnet test "$dir/tests" --no-build --nologo --logger trx --results-directory "$root/TestResults/templates-$name" \
      || fail "$kind: dotnet test"
  else
    fail "$kind: dotnet build"; continue
  fi

  say "./pg2 model validate $rel (process)"
  ./pg2 model validate "$dir" || fail "$kind: validate (process)"

  [[ $docker_ok -eq 1 ]] || continue
  say "./pg2 model build $rel -> $image"
  images+=("$image")
  if ! ./pg2 model build "$dir" --engine docker; then fail "$kind: image build"; continue; fi
  say "./pg2 model validate $rel --image $image"
  ./pg2 model validate "$dir" --image "$image" --engine docker || fail "$kind: validate (image)"

  say "./pg2 benchmark run $rel/game.toml --engine docker"
  ./pg2 benchmark run "$dir/game.toml" --engine docker --results "$tmp/results-$name" --force \
    || fail "$kind: benchmark run"
done

[[ $failed -eq 0 ]] && say "all template checks passed" || say "some template checks failed"
exit $failed
