#!/usr/bin/env bash
# The plugin beside kubectl against the same test cluster, in one run: `status` next to one
# `kubectl get deploy -A` on an HTTP/2 server and on an HTTP/1.1-only one, `version` next to
# `kubectl version`, start-up, peak memory, and fleet status over 1, 10 and 50 clusters.
# Medians of N runs; it prints figures and ratios (kubectl / plugin: above 1, the plugin is
# faster), never pass/fail.
#   bench/run.sh [N]        (default N=15; publishes the native binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
bin=artifacts/publish/linux-x64/kubectl-klutch
dotnet publish cmd/kubectl-klutch -c Release -r linux-x64 -o artifacts/publish/linux-x64 -nologo >/dev/null

work=$(mktemp -d)
servers=()
trap 'kill "${servers[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet build tests/KubectlKlutch.TestCluster -nologo -v q >/dev/null

# serve NAME SCENARIO [sandbox flags...]: starts a sandbox whose kubeconfig is $work/NAME
serve() {
  local name=$1; shift
  dotnet run --no-build --project tests/KubectlKlutch.TestCluster -- "$@" --kubeconfig "$work/$name" >"$work/$name.out" 2>&1 &
  servers+=($!)
  for _ in $(seq 600); do grep -q '^export KUBECONFIG=' "$work/$name.out" 2>/dev/null && return; sleep 0.1; done
  echo "bench: the sandbox $* did not start" >&2; exit 1
}

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
ratio() { awk "BEGIN {printf \"%.2fx\", $1/$2}"; }
kubectl_at() { kubectl --kubeconfig "$work/$1" --cache-dir "$work/cache-$1" "${@:2}"; }

serve h2 app-and-control-plane
serve h1 app-and-control-plane --http1
for s in h2 h1; do "$bin" status --kubeconfig "$work/$s" >/dev/null 2>&1 || true; kubectl_at "$s" get deploy -A >/dev/null; done # warm up

printf 'binary size: %s MB (%s); %s; %s\n' "$(awk "BEGIN {printf \"%.1f\", $(stat -c %s "$bin")/1048576}")" "$bin" \
  "$(nproc) cores" "$(kubectl version --client 2>/dev/null | head -n1)"
printf '%-62s %8s %8s %10s %10s\n' "median of $runs, ms" "plugin" "kubectl" "ratio" "plugin MiB"
row() { # label, plugin command..., --, kubectl command...
  local label=$1; shift
  local plugin=() other=()
  while [ "$1" != -- ]; do plugin+=("$1"); shift; done; shift
  other=("$@")
  local p k
  p=$(median_ms "${plugin[@]}"); k=$(median_ms "${other[@]}")
  printf '%-62s %8s %8s %10s %10s\n' "$label" "$p" "$k" "$(ratio "$k" "$p")" "$(peak_mib "${plugin[@]}")"
}
row "status vs kubectl get deploy -A (HTTP/2, app and control plane)" "$bin" status --kubeconfig "$work/h2" -- kubectl_at h2 get deploy -A
row "status vs kubectl get deploy -A (HTTP/1.1 only)" "$bin" status --kubeconfig "$work/h1" -- kubectl_at h1 get deploy -A
row "version vs kubectl version (HTTP/2)" "$bin" version --kubeconfig "$work/h2" -- kubectl_at h2 version
row "version vs kubectl version (HTTP/1.1 only)" "$bin" version --kubeconfig "$work/h1" -- kubectl_at h1 version
row "--help vs kubectl version --client" "$bin" --help -- kubectl version --client

# Fleet status: status --all-contexts over N app clusters behind one kubeconfig
# (contexts app-cluster-1 ... app-cluster-N), each size stopped before the next starts.
declare -a fleet_ms
printf '\nfleet status: kubectl klutch status --all-contexts over N app clusters (median of %s)\n' "$runs"
printf '%-10s %8s %12s %10s\n' "clusters" "ms" "ms/cluster" "peak MiB"
for n in 1 10 50; do
  serve "fleet-$n" app-cluster --count "$n"
  "$bin" status --all-contexts --kubeconfig "$work/fleet-$n" >/dev/null 2>&1 || true   # warm the servers once
  fleet_ms[n]=$(median_ms "$bin" status --all-contexts --kubeconfig "$work/fleet-$n")
  printf '%-10s %8s %12s %10s\n' "$n" "${fleet_ms[n]}" "$(awk "BEGIN {printf \"%.1f\", ${fleet_ms[n]}/$n}")" \
    "$(peak_mib "$bin" status --all-contexts --kubeconfig "$work/fleet-$n" || true)"
  kill "${servers[-1]}"; wait "${servers[-1]}" 2>/dev/null || true; unset 'servers[-1]'
done
printf '50 clusters take %s the time of 1\n' "$(ratio "${fleet_ms[50]}" "${fleet_ms[1]}")"
