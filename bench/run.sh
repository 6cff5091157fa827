#!/usr/bin/env bash
# Prints the plugin's start-up time, status time and peak memory against the test cluster,
# beside kubectl doing the same reads, and fleet status over 1, 10 and 50 clusters.
# Medians of N runs; figures, never pass/fail.
#   bench/run.sh [N]        (default N=15; publishes the native binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
bin=artifacts/publish/linux-x64/kubectl-klutch
dotnet publish cmd/kubectl-klutch -c Release -r linux-x64 -o artifacts/publish/linux-x64 -nologo >/dev/null

work=$(mktemp -d)
trap 'kill ${server:-} ${fleet:-} 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet build tests/KubectlKlutch.TestCluster -nologo -v q >/dev/null
kubeconfig=$work/kubeconfig
dotnet run --no-build --project tests/KubectlKlutch.TestCluster -- control-plane --kubeconfig "$kubeconfig" >"$work/server.out" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q '^export KUBECONFIG=' "$work/server.out" 2>/dev/null && break; sleep 0.1; done

# median wall time in ms of a command, run $runs times
median_ms() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
peak_mib() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n1 | awk '{printf "%.0f", $1/1024}'; }

kubectl_series() {
  local k=(kubectl --kubeconfig "$kubeconfig" --cache-dir "$work/cache")
  "${k[@]}" get deployments -A --field-selector metadata.name=konnector -o json
  "${k[@]}" get deployments -A --field-selector metadata.name=crossplane -o json
  "${k[@]}" get deployments -A --field-selector metadata.name=anynines-backend -o json
  "${k[@]}" get providers.pkg.crossplane.io -o json
  "${k[@]}" get providerrevisions.pkg.crossplane.io -o json
  "${k[@]}" get configurations.pkg.crossplane.io -o json
  "${k[@]}" get configurationrevisions.pkg.crossplane.io -o json
  "${k[@]}" get functions.pkg.crossplane.io -o json
}

"$bin" status --kubeconfig "$kubeconfig" >/dev/null   # warm the page cache once
kubectl_series >/dev/null 2>&1

printf 'binary size: %s MB (%s)\n' "$(awk "BEGIN {printf \"%.1f\", $(stat -c %s "$bin")/1048576}")" "$bin"
printf '%-52s %8s %10s\n' "command (median of $runs)" "ms" "peak MiB"
printf '%-52s %8s %10s\n' "kubectl klutch --help" "$(median_ms "$bin" --help)" "$(peak_mib "$bin" --help)"
printf '%-52s %8s %10s\n' "kubectl version --client" "$(median_ms kubectl version --client)" "$(peak_mib kubectl version --client)"
printf '%-52s %8s %10s\n' "kubectl klutch status (control plane, 7 components)" "$(median_ms "$bin" status --kubeconfig "$kubeconfig")" "$(peak_mib "$bin" status --kubeconfig "$kubeconfig")"
printf '%-52s %8s %10s\n' "the same reads as 8 kubectl get commands" "$(median_ms kubectl_series)" "-"
printf '%-52s %8s %10s\n' "one kubectl get providers" "$(median_ms kubectl --kubeconfig "$kubeconfig" --cache-dir "$work/cache" get providers.pkg.crossplane.io)" "$(peak_mib kubectl --kubeconfig "$kubeconfig" --cache-dir "$work/cache" get providers.pkg.crossplane.io)"

# Fleet status: status --all-contexts over N app clusters, each sandbox serving one fleet
# kubeconfig (contexts app-cluster-1 ... app-cluster-N), stopped before the next size starts.
declare -a fleet_ms fleet_peak
printf '\nfleet status: kubectl klutch status --all-contexts over N app clusters (median of %s)\n' "$runs"
printf '%-10s %8s %12s %10s\n' "clusters" "ms" "ms/cluster" "peak MiB"
for n in 1 10 50; do
  fleet_kubeconfig=$work/fleet-$n.kubeconfig
  dotnet run --no-build --project tests/KubectlKlutch.TestCluster -- app-cluster --count "$n" --kubeconfig "$fleet_kubeconfig" >"$work/fleet.out" 2>&1 &
  fleet=$!
  for _ in $(seq 300); do grep -q '^export KUBECONFIG=' "$work/fleet.out" 2>/dev/null && break; sleep 0.1; done
  "$bin" status --all-contexts --kubeconfig "$fleet_kubeconfig" >/dev/null 2>&1 || true   # warm the servers once
  fleet_ms[n]=$(median_ms "$bin" status --all-contexts --kubeconfig "$fleet_kubeconfig")
  fleet_peak[n]=$(peak_mib "$bin" status --all-contexts --kubeconfig "$fleet_kubeconfig" || true)
  kill "$fleet"; wait "$fleet" || true; fleet=
  printf '%-10s %8s %12s %10s\n' "$n" "${fleet_ms[n]}" "$(awk "BEGIN {printf \"%.1f\", ${fleet_ms[n]}/$n}")" "${fleet_peak[n]}"
done
printf 'targets: 50 clusters under 3x the time of 1 (measured %sx), peak under 60 MiB (measured %s MiB at 50)\n' \
  "$(awk "BEGIN {printf \"%.1f\", ${fleet_ms[50]}/${fleet_ms[1]}}")" "${fleet_peak[50]}"
