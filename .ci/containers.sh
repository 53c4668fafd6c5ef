#!/usr/bin/env bash
# Container set-up for CI (../shared/docs/CONTAINERS.md):
#   1. installs docker.io (apt) if dockerd is missing and starts dockerd on /var/run/docker.sock
#      (data-root /var/lib/docker) unless one already answers there;
#   2. builds local stand-ins for mcr.microsoft.com/dotnet/runtime-deps:10.0 (Debian debs + busybox)
#      and mcr.microsoft.com/dotnet/sdk:10.0 (the host's /usr/share/dotnet), tagged with exactly those
#      names so the model Dockerfiles build unchanged without a registry;
#   3. builds every model folder (models/<x>/ with a project) as pg2/<x>:latest with the shared
#      models/Dockerfile (--build-arg MODEL=<x>), or the folder's own Dockerfile if it has one
#      (context = repository root); and every Python model folder (models/<x>/ with a Dockerfile,
#      no project, a package src/<pkg>/__main__.py) with its own Dockerfile (context = the folder),
#      FROM a local stand-in for debian:bookworm-slim (debootstrap --variant=minbase bookworm; the
#      root file system is cached as $PG2_CI_STATE/bookworm-minbase.tar, so it is made once);
#   4. runs each image like a SageMaker training job (dataset and manifest mounted read-only at
#      /opt/ml/input/data/{training,manifest}/ — a model card at model_card/README.md —,
#      /opt/ml/model writable, argument "train") and checks
#      the predictions CSV (header sequence,test,pred..., row count from models/<x>/ci.env CI_ROWS).
# Exits non-zero on any failure. dockerd is left running; .ci/teardown.sh stops the one started here.
# models/<x>/ci.env (optional): CI_DATASET (path from the repository root; default the seed neime
# archive), CI_ROWS (expected prediction rows; default: at least one), CI_WEIGHTS (a folder mounted
# read-only at /opt/ml/input/data/weights: the model's weights channel), CI_COVARIATE (a score file
# mounted as the covariates channel's evmutation.csv, with SM_CHANNEL_COVARIATES, for models that need one).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
state="${PG2_CI_STATE:-/var/lib/pg2-ci}"
mkdir -p "$state"
export DOCKER_HOST=unix:///var/run/docker.sock
RUNTIME_DEPS=mcr.microsoft.com/dotnet/runtime-deps:10.0
DEBIAN_BASE=debian:bookworm-slim
SDK=mcr.microsoft.com/dotnet/sdk:10.0
say() { echo "[containers] $*"; }

# --- 1. engine -------------------------------------------------------------------------------
if ! command -v dockerd >/dev/null 2>&1; then
  say "installing docker.io"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  cat > "$state/daemon.json" <<'JSON'
{ "data-root": "/var/lib/docker", "exec-opts": ["native.cgroupdriver=cgroupfs"],
  "storage-driver": "overlay2", "log-driver": "json-file",
  "default-ulimits": { "nofile": { "Name": "nofile", "Hard": 10000, "Soft": 10000 } } }
JSON
  say "starting dockerd (log: $state/dockerd.log)"
  nohup dockerd --config-file "$state/daemon.json" >"$state/dockerd.log" 2>&1 &
  echo $! > "$state/dockerd.pid"
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { say "dockerd did not start:"; tail -20 "$state/dockerd.log"; exit 1; }
fi
say "engine: $(docker version --format '{{.Server.Version}}' 2>/dev/null)"

# --- 2. base image stand-ins -------------------------------------------------------------------
if ! docker image inspect "$RUNTIME_DEPS" >/dev/null 2>&1; then
  say "building stand-in $RUNTIME_DEPS from Debian packages"
  work="$(mktemp -d)"; rootfs="$work/rootfs"; mkdir -p "$rootfs"
  (cd "$work" && apt-get download -qq -o APT::Sandbox::User=root \
      libc6 libgcc-s1 gcc-12-base libstdc++6 zlib1g libssl3 tzdata libicu72 busybox-static ca-certificates >/dev/null)
  for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
  mkdir -p "$rootfs"/{bin,etc,tmp,root,home/app,etc/ssl/certs}
  chmod 1777 "$rootfs/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1654:1654:app:/home/app:/bin/sh\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\napp:x:1654:\n' > "$rootfs/etc/group"
  chown 1654:1654 "$rootfs/home/app"
  for applet in sh ls cat cp mv rm mkdir ln chmod chown echo env id test true false sleep head tail grep sed wc find du df ps; do
    ln -sf busybox "$rootfs/bin/$applet"
  done
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  ldconfig -r "$rootfs"
  tar -C "$rootfs" -c . | docker import --change 'ENV APP_UID=1654' --change 'CMD ["/bin/sh"]' - "$RUNTIME_DEPS" >/dev/null
  rm -rf "$work"
fi
if ! docker image inspect "$SDK" >/dev/null 2>&1; then
  say "building stand-in $SDK from the host's /usr/share/dotnet"
  work="$(mktemp -d)"
  cat > "$work/Dockerfile" <<EOD
FROM $RUNTIME_DEPS
COPY . /usr/share/dotnet
RUN mkdir -p /usr/bin && ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
EOD
  DOCKER_BUILDKIT=0 docker build -q -t "$SDK" -f "$work/Dockerfile" /usr/share/dotnet >/dev/null
  rm -rf "$work"
fi

python_folders=()
for dir in models/*/; do
  dir="${dir%/}"
  if [[ -f "$dir/Dockerfile" ]] && ! compgen -G "$dir/*.csproj" >/dev/null && compgen -G "$dir/src/*/__main__.py" >/dev/null; then
    python_folders+=("$dir")
  fi
done
if [[ ${#python_folders[@]} -gt 0 ]] && ! docker image inspect "$DEBIAN_BASE" >/dev/null 2>&1; then
  tarball="$state/bookworm-minbase.tar"
  if [[ ! -s "$tarball" ]]; then
    command -v debootstrap >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
    say "building stand-in $DEBIAN_BASE with debootstrap --variant=minbase bookworm"
    work="$(mktemp -d)"
    if ! debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$state/debootstrap.log" 2>&1; then
      say "debootstrap failed:"; tail -20 "$state/debootstrap.log"; rm -rf "$work"; exit 1
    fi
    rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
    tar -C "$work/rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$work"
  fi
  docker import --change 'CMD ["/bin/bash"]' "$tarball" "$DEBIAN_BASE" >/dev/null
fi

# --- 3 + 4. model images -------------------------------------------------------------------------
failed=0
for dir in $(ls -d models/*/*.csproj | xargs -n1 dirname) "${python_folders[@]}"; do
  name="$(basename "$dir")"; image="pg2/$name:latest"
  # A folder's own Dockerfile wins; else the shared one, told the folder (as ./pg2 model build does).
  # Python folders build from their own folder; C# Dockerfiles copy src/ (context = repository root).
  context=.
  if [[ " ${python_folders[*]} " == *" $dir "* ]]; then build=(-f "$dir/Dockerfile"); context="$dir"
  elif [[ -f "$dir/Dockerfile" ]]; then build=(-f "$dir/Dockerfile"); else build=(-f models/Dockerfile --build-arg "MODEL=$name"); fi
  say "building $image"
  if ! DOCKER_BUILDKIT=0 docker build -q "${build[@]}" -t "$image" "$context" >"$state/build-$name.log" 2>&1; then
    say "FAIL: build of $image"; tail -30 "$state/build-$name.log"; failed=1; continue
  fi
  CI_DATASET=../shared/data/seed/neime/dataset.zip; CI_ROWS=""; CI_WEIGHTS=""; CI_COVARIATE=""
  [[ -f "$dir/ci.env" ]] && source "$dir/ci.env"
  # The manifest (channel manifest) or, for a folder with only a model card, the card (channel model_card).
  if [[ -f "$dir/manifest.toml" ]]; then manifest="$(realpath "$dir/manifest.toml")"; mount=/opt/ml/input/data/manifest/manifest.toml
  else manifest="$(realpath "$dir/README.md")"; mount=/opt/ml/input/data/model_card/README.md; fi
  dataset="$(realpath "$CI_DATASET")"
  # A model that needs weights (CI_WEIGHTS: a folder) gets them read-only as its `weights` channel.
  weights=(); [[ -n "$CI_WEIGHTS" ]] && weights=(-v "$(realpath "$CI_WEIGHTS"):/opt/ml/input/data/weights:ro")
  covariate=()
  [[ -n "$CI_COVARIATE" ]] && covariate=(-v "$(realpath "$CI_COVARIATE"):/opt/ml/input/data/covariates/evmutation.csv:ro"
                                         -e SM_CHANNEL_COVARIATES=/opt/ml/input/data/covariates)
  [[ "$(docker run --rm --network none "$image" ping)" == "pong" ]] || { say "FAIL: $image ping"; failed=1; continue; }
  out="$(mktemp -d)"; chmod 0777 "$out"
  if ! docker run --rm --network none \
      -v "$dataset:/opt/ml/input/data/training/dataset.zip:ro" \
      -v "$manifest:$mount:ro" "${weights[@]}" "${covariate[@]}" \
      -v "$out:/opt/ml/model" "$image" train >"$state/run-$name.log" 2>&1; then
    say "FAIL: $image train"; tail -20 "$state/run-$name.log"; failed=1; rm -rf "$out"; continue
  fi
  csv=("$out"/*.csv)
  if [[ ${#csv[@]} -ne 1 || ! -f "${csv[0]}" ]]; then
    say "FAIL: $image wrote no predictions CSV"; failed=1; rm -rf "$out"; continue
  fi
  header="$(head -1 "${csv[0]}")"; rows=$(( $(wc -l < "${csv[0]}") - 1 ))
  if [[ "$header" != sequence,test,pred* ]]; then
    say "FAIL: $image header '$header'"; failed=1
  elif [[ -n "$CI_ROWS" && "$rows" -ne "$CI_ROWS" ]] || [[ "$rows" -lt 1 ]]; then
    say "FAIL: $image wrote $rows rows, expected ${CI_ROWS:-≥ 1}"; failed=1
  else
    say "ok: $image -> $(basename "${csv[0]}") ($rows rows, $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
  fi
  rm -rf "$out"
done
exit $failed
