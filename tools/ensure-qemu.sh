#!/bin/sh
# ensure-qemu.sh - make sure qemu-system-x86_64 is installed (Debian
# package qemu-system-x86), installing it with apt-get when missing.
# Prints nothing when it is already there.
set -e
QEMU=${QEMU:-qemu-system-x86_64}
command -v "$QEMU" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "ensure-qemu: $QEMU missing and not root; install qemu-system-x86" >&2
	exit 1
fi
echo "ensure-qemu: installing qemu-system-x86" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || true
apt-get install -y -qq --no-install-recommends qemu-system-x86 >&2
command -v "$QEMU" >/dev/null 2>&1
