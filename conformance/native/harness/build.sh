#!/usr/bin/env bash
# Compiles the static harness with the machine's gcc; cached by source hash.
# Prints the binary's path.
set -euo pipefail
. "$(dirname "$0")/../vm/lib.sh"

src="$NATIVE_DIR/harness"
hash=$( (cat "$src"/*.c "$src"/*.h; gcc --version | head -1) | sha256sum | cut -c1-16)
out="$CACHE_DIR/harness/$hash/dmabuf-native"
if ! cached_intact "$out"; then
    command -v gcc >/dev/null || die "gcc not found (install gcc and libc6-dev)"
    mkdir -p "$(dirname "$out")"
    gcc -std=gnu11 -O2 -Wall -Wextra -Werror -static -pthread -I"$src" \
        -o "$out.tmp.$$" "$src"/*.c \
        || die "compiling the harness failed (a static build needs libc6-dev)"
    install_cached "$out.tmp.$$" "$out"
fi
echo "$out"
