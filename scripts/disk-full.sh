#!/usr/bin/env bash
# Disk full on a real file system (RELIABILITY.md §4): mounts a small tmpfs (needs root), runs the store's
# DiskFullRealFsTest on it (the kernel's own ENOSPC and short writes), and unmounts it.
#
#   sudo scripts/disk-full.sh [SIZE]      SIZE of the tmpfs, default 512k
#
# Without root the same scenarios run in CI through the file seam (store: reliability/DiskFullTest).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZE=${1:-512k}
MNT=$(mktemp -d "${TMPDIR:-/tmp}/lazarus-smallfs.XXXXXX")
if ! mount -t tmpfs -o size="$SIZE",mode=0700 tmpfs "$MNT" 2>/dev/null; then
  echo "disk-full.sh: cannot mount a tmpfs at $MNT (root needed); DiskFullTest covers ENOSPC through the seam" >&2
  rmdir "$MNT"
  exit 2
fi
trap 'umount "$MNT" 2>/dev/null; rmdir "$MNT" 2>/dev/null' EXIT
cd "$ROOT"
mvn -q -B -pl store test -Dtest=DiskFullRealFsTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dlazarus.reliability.smallfs="$MNT"
echo "disk-full.sh: passed on a $SIZE tmpfs; details in store/target/surefire-reports/dev.lazarus.store.reliability.DiskFullRealFsTest-output.txt"
