#!/usr/bin/env bash
# Runs every test: installs with apt what the tests need and this machine lacks (only that),
# then runs `dotnet test KubectlKlutch.sln`. When something is missing and cannot be installed
# here (not root, or no apt-get), it names exactly what is missing and stops before any test.
# `.ci/run` calls this script. The checks use only bash itself, so that a test can run it with a
# PATH that lacks the tools (and apt-get) and see what it names, without installing anything.
set -euo pipefail
case "$0" in */*) cd "${0%/*}" ;; esac

# kubectl: the tests hold the test API server to the real client. No Debian package ships it.
if ! command -v kubectl >/dev/null; then
  echo "test.sh: kubectl is not on PATH: the integration tests run the real client; install it (it is not an apt package) and run ./test.sh again" >&2
  exit 1
fi

# docker-registry and htpasswd: the registry tests' real OCI registry and its basic auth.
# clang, lld, the aarch64 binutils and libc, qemu-user: the linux-arm64 binary is cross-compiled
# and run under emulation by the packaging tests.
missing=()
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
command -v clang >/dev/null || missing+=(clang)
command -v ld.lld >/dev/null || missing+=(lld)
command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu)
command -v aarch64-linux-gnu-ld >/dev/null || missing+=(binutils-aarch64-linux-gnu)
[ -d /usr/aarch64-linux-gnu/lib ] || missing+=(libc6-dev-arm64-cross)
command -v qemu-aarch64 >/dev/null || missing+=(qemu-user)

if [ ${#missing[@]} -gt 0 ]; then
  why=""
  [ "$EUID" -eq 0 ] || why="not root"
  command -v apt-get >/dev/null || why="${why:+$why, }no apt-get"
  if [ -n "$why" ]; then
    echo "test.sh: the tests need these packages, which cannot be installed here ($why): ${missing[*]}; install them (as root: apt-get install --no-install-recommends ${missing[*]}) and run ./test.sh again" >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
exec dotnet test KubectlKlutch.sln
