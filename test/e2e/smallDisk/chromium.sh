#!/bin/sh
# Chromium with its profile on a small disk of its own: a tmpfs of FULLDISK_SIZE mounted over the
# --user-data-dir it is given, in a mount namespace of its own (unshare -rm: no root needed, nothing
# mounted outside it). A file named fill in FULLDISK_CONTROL fills that disk to the last byte (it
# answers with full); one named free takes the filling away (it answers with freed).
for a in "$@"; do case "$a" in --user-data-dir=*) profile="${a#--user-data-dir=}";; esac; done
exec unshare -rm sh -c '
  profile="$1"; shift
  mount -t tmpfs -o size="$FULLDISK_SIZE" tmpfs "$profile" || exit 1
  browser=$$
  ( while kill -0 "$browser" 2>/dev/null; do
      if [ -f "$FULLDISK_CONTROL/fill" ]; then
        rm -f "$FULLDISK_CONTROL/fill"
        dd if=/dev/zero of="$profile/filler" bs=4096 2>/dev/null
        dd if=/dev/zero of="$profile/filler2" bs=1 2>/dev/null
        touch "$FULLDISK_CONTROL/full"
      fi
      if [ -f "$FULLDISK_CONTROL/free" ]; then
        rm -f "$FULLDISK_CONTROL/free" "$profile/filler" "$profile/filler2"
        touch "$FULLDISK_CONTROL/freed"
      fi
      sleep 0.1
    done ) &
  exec "${CHROMIUM:-/usr/bin/chromium}" "$@"' sh "$profile" "$@"
