# Shared by packaging/build and packaging/ci-test (sourced, not run).
# shellcheck shell=bash

say() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

# Seconds since the epoch, with milliseconds.
now() { date +%s.%3N; }
# Seconds elapsed since $1 (a `now` value), to one decimal.
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Requirements from package list files (the format of scripts/apt-packages.txt: one a line,
# `a|b` for alternatives, # comments).
requirements() { sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$@"; }

# The requirements none of whose alternatives is installed.
missing_requirements() {
    local requirement alternative met
    while read -r requirement; do
        met=0
        for alternative in ${requirement//|/ }; do
            if dpkg-query -W -f='${Status}' "$alternative" 2>/dev/null | grep -q ' installed$'; then
                met=1
                break
            fi
        done
        [ "$met" = 1 ] || echo "$requirement"
    done < <(requirements "$@")
}

# The first alternative the package index can install, else the last one.
choose_alternative() {
    local alternative candidate
    for alternative in ${1//|/ }; do
        candidate=$(apt-cache policy "$alternative" 2>/dev/null | awk '/Candidate:/ { print $2 }')
        if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then
            echo "$alternative"
            return
        fi
    done
    echo "${1##*|}"
}

# Install what the given list files require and is missing: with apt-get when root, else
# print the line to run and stop.
need_packages() {
    command -v dpkg-query >/dev/null 2>&1 || die "this needs a Debian/Ubuntu system (dpkg, apt)"
    local missing requirement packages=()
    missing=$(missing_requirements "$@")
    [ -n "$missing" ] || return 0
    if [ "$(id -u)" -eq 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
    fi
    while read -r requirement; do
        packages+=("$(choose_alternative "$requirement")")
    done <<<"$missing"
    if [ "$(id -u)" -ne 0 ]; then
        say "some system packages are missing; install them with:"
        echo "sudo apt-get install --no-install-recommends ${packages[*]}"
        exit 1
    fi
    say "installing system packages: ${packages[*]}"
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
}
