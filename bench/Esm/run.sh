#!/usr/bin/env bash
# ESM speed with random weights of the ESM-2 shapes (docs/benchmarks.md, "ESM"); weights are generated
# in a temporary folder and deleted. Usage: bench/Esm/run.sh [8M] [150M] [650M]   (default 8M 150M)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release bench/Esm -v q -nologo -clp:ErrorsOnly >/dev/null
dotnet bench/Esm/bin/Release/net10.0/linux-x64/Pg2.Bench.Esm.dll "$@"
