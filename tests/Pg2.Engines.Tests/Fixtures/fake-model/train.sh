#!/bin/sh
# Fake model: behaviour is chosen by a "mode" line in the mounted manifest (ok, fail, sleep, oom).
# On a busybox base the applets may not all be linked; call them through busybox.
if command -v busybox >/dev/null 2>&1; then
  for a in grep tr cut head touch sleep; do eval "$a() { busybox $a \"\$@\"; }"; done
fi
manifest=/opt/ml/input/data/manifest/manifest.toml
dataset=/opt/ml/input/data/training/dataset.zip
echo "args: $*"
[ "$1" = "ping" ] && { echo pong; exit 0; }
[ "$1" = "train" ] || { echo "expected 'train', got '$1'" >&2; exit 2; }
[ -f "$dataset" ] || { echo "no dataset at $dataset" >&2; exit 3; }
[ -f /opt/ml/input/config/hyperparameters.json ] || { echo "no hyperparameters.json" >&2; exit 3; }
if touch "$dataset" 2>/dev/null; then echo "dataset is writable; expected a read-only mount" >&2; exit 4; fi
if [ -n "$SM_CHANNEL_EXTRA" ]; then
  echo "extra channel: $SM_CHANNEL_EXTRA"
  [ -f "$SM_CHANNEL_EXTRA/scores.csv" ] || { echo "no scores.csv in $SM_CHANNEL_EXTRA" >&2; exit 3; }
  if touch "$SM_CHANNEL_EXTRA/scores.csv" 2>/dev/null; then echo "extra input is writable; expected a read-only mount" >&2; exit 4; fi
  echo "extra: $(head -n 1 "$SM_CHANNEL_EXTRA/scores.csv")"
fi
mode=$(grep '^# mode:' "$manifest" | head -n 1 | tr -d ' ' | cut -d: -f2)
case "$mode" in
  fail) echo "training failed: boom" >&2; exit 7 ;;
  sleep) sleep 600 ;;
  oom) x=$(head -c 200000000 /dev/zero | tr '\0' x); echo "${#x}" ;;
esac
printf 'sequence,test,pred\nAAA,1,1.5\nAAC,2,1.0\nAAD,3,3.5\nAAE,4,4.0\n' > /opt/ml/model/fake_data_fake.csv
echo "wrote predictions"
