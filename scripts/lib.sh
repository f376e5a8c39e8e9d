# Shared shell functions for ./backsync, ./test.sh and .ci/run. Sourced, not run.

die() { echo "backsync: $*" >&2; exit 1; }

# Prints the home of a JDK 25 or newer: JAVA_HOME, then the usual JDK folders, then PATH.
# BACKSYNC_JDK_DIRS (colon-separated folders whose subfolders are JDK homes) replaces the usual folders; tests use it.
find_jdk25() {
    local candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    local d roots=()
    if [ -n "${BACKSYNC_JDK_DIRS+set}" ]; then
        local IFS=':'
        for d in $BACKSYNC_JDK_DIRS; do [ -n "$d" ] && roots+=("$d"/*); done
        unset IFS
    else
        roots=(/usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/*
               /Library/Java/JavaVirtualMachines/*/Contents/Home)
    fi
    for d in "${roots[@]}"; do
        [ -d "$d" ] && candidates+=("$d")
    done
    if command -v java >/dev/null 2>&1; then
        local j; j="$(readlink -f "$(command -v java)")"
        candidates+=("$(dirname "$(dirname "$j")")")
    fi
    local c v
    for c in "${candidates[@]}"; do
        [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
        v="$(jdk_version "$c")"
        case "$v" in ''|1.*) continue ;; esac
        if [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$c"; return 0; fi
    done
    return 1
}

# Prints the version of the JDK at $1 ("25.0.3", "17.0.9", "1.8.0_392"): from its release file when it has one (no
# JVM start, a few milliseconds), otherwise from the java it holds.
jdk_version() {
    local v=""
    [ -f "$1/release" ] && v="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9._]*\).*/\1/p' "$1/release")"
    [ -n "$v" ] || v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    echo "$v"
}

# Installs the Debian packages the integration tests use, when missing and when we can (root + apt-get).
ensure_test_tools() {
    local missing=()
    command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v node >/dev/null 2>&1 || missing+=(nodejs) # runs Playwright's driver for the browser test
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "backsync: installing ${missing[*]} for the integration tests" >&2
        apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
            || die "could not install ${missing[*]}; install them with: sudo apt-get install ${missing[*]}"
    else
        die "the integration tests need ${missing[*]}: run 'sudo apt-get install ${missing[*]}', or './test.sh -DskipITs' for unit tests only"
    fi
}
