#!/usr/bin/env bash
# `meson install` into a DESTDIR, checked from the outside.
#
#   install_test.sh files  BUILD PREFIX BINDIR SYSCONFDIR UNIT_DIR
#       exactly the binary, the unit and the environment file (and its
#       sample) land where the unit says; the unit carries its hardening; the
#       environment file is private, its settings load, and a reinstall keeps
#       an edited one.
#   install_test.sh verify BUILD PREFIX BINDIR SYSCONFDIR UNIT_DIR
#       systemd-analyze verify accepts the unit meson install would write
#       (build/deploy/auth-api.service) without a single warning (an
#       unknown or misspelt directive is only a warning to systemd); skipped
#       (77) without systemd-analyze, failed under CI.
set -euo pipefail
mode=$1 build=$2 bindir=$4 sysconfdir=$5 unit_dir=$6

dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

install_into() {
  meson install -C "$build" --destdir "$dest" --no-rebuild >"$dest.log" 2>&1 ||
    { cat "$dest.log" >&2; rm -f "$dest.log"; fail "meson install"; }
  rm -f "$dest.log"
}

binary="$bindir/auth-api"
unit="$unit_dir/auth-api.service"
env_file="$sysconfdir/auth-api/auth-api.env"

if [ "$mode" = verify ]; then
  if ! command -v systemd-analyze >/dev/null; then
    [ -n "${CI:-}" ] && fail "systemd-analyze is missing (scripts/install-deps test installs systemd)"
    echo "SKIP: no systemd-analyze here (apt-get install systemd)"
    exit 77
  fi
  # The unit as meson install writes it, but for the binary: verify checks
  # that ExecStart exists, so it names the one in the build directory.
  mkdir "$dest/verify"
  sed "s|^ExecStart=$binary |ExecStart=$build/app/auth-api |" "$build/deploy/auth-api.service" \
    >"$dest/verify/auth-api.service"
  report=$(systemd-analyze verify "$dest/verify/auth-api.service" 2>&1) ||
    fail "systemd-analyze verify: $report"
  [ -z "$report" ] || fail "systemd-analyze verify warns: $report"
  systemd-analyze security --offline=yes "$dest/verify/auth-api.service" 2>/dev/null | tail -n 1
  exit 0
fi

install_into

# Exactly these files, nothing else.
expected=$(printf '%s\n' "$binary" "$unit" "$env_file" "$env_file.sample" | sort)
actual=$(cd "$dest" && find . -type f | sed 's|^\.||' | sort)
[ "$actual" = "$expected" ] || fail "installed files:"$'\n'"$actual"$'\n'"expected:"$'\n'"$expected"

[ -x "$dest$binary" ] || fail "$binary is not executable"
"$dest$binary" --version | grep -q '^auth-api ' || fail "$binary --version"

# The unit starts the installed binary with the installed environment file,
# and keeps its hardening.
has() { grep -qxF "$1" "$dest$unit" || fail "$unit lacks the line $1"; }
has "ExecStart=$binary serve"
has "EnvironmentFile=$env_file"
for line in DynamicUser=yes StateDirectory=auth-api ProtectSystem=strict ProtectHome=yes \
  NoNewPrivileges=yes PrivateTmp=yes PrivateDevices=yes CapabilityBoundingSet= \
  "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" SystemCallFilter=@system-service \
  LimitNOFILE=65536 Restart=on-failure UMask=0077; do
  has "$line"
done

# The database lives in the unit's state directory; the file is root's only.
grep -qx 'DB_PATH=/var/lib/auth-api/auth.db' "$dest$env_file" || fail "DB_PATH in $env_file"
[ "$(stat -c %a "$dest$env_file")" = 600 ] || fail "$env_file mode $(stat -c %a "$dest$env_file")"

# Its settings load: the installed binary migrates a database with exactly
# that environment (the database moved into the temp directory).
mapfile -t settings < <(grep -v -e '^#' -e '^$' "$dest$env_file" | grep -v '^DB_PATH=')
env -i PATH=/usr/bin:/bin "${settings[@]}" DB_PATH="$dest/auth.db" "$dest$binary" migrate \
  >/dev/null 2>"$dest/migrate.log" || fail "the sample settings: $(cat "$dest/migrate.log")"
[ -s "$dest/auth.db" ] || fail "migrate wrote no database"

# A reinstall keeps the settings in use and refreshes the sample.
echo 'API_PORT=6000' >>"$dest$env_file"
echo '# edited' >>"$dest$env_file.sample"
install_into
grep -qx 'API_PORT=6000' "$dest$env_file" || fail "reinstall overwrote $env_file"
! grep -q '^# edited' "$dest$env_file.sample" || fail "reinstall kept an old $env_file.sample"
echo "ok: $(printf '%s ' $expected)"
