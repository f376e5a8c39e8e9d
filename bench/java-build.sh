# Sourced by engine-bench.sh and jmh.sh: builds backsync-bench and what it needs (tests skipped, offline first),
# then copies the project's own jars to $ROOT/.bench-build/lib so that a later `mvn clean` or a build running beside
# us cannot pull them away. Sets JAVA (a JDK 25+) and BENCH_CP (the class path).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/lib.sh"
JAVA_HOME="$(find_jdk25)" || die "the benchmarks need a JDK 25 or newer (see README.md)"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

bench_build() {
    local out="$ROOT/.bench-build" log="$ROOT/.bench-build/build.log"
    mkdir -p "$out"
    local args=(-B -ntp -q -Dmaven.test.skip=true package -pl backsync-bench -am)
    echo "bench: building backsync-bench (log in .bench-build/build.log)" >&2
    if ! (cd "$ROOT" && ./mvnw -o "${args[@]}") >"$log" 2>&1; then
        (cd "$ROOT" && ./mvnw "${args[@]}") >>"$log" 2>&1 || { tail -n 30 "$log" >&2; die "build failed"; }
    fi
    rm -rf "$out/lib" && mkdir -p "$out/lib"
    cp "$ROOT"/backsync-bench/target/backsync-bench-*.jar "$out/lib/"
    local entry cp=("$(ls "$out"/lib/backsync-bench-*.jar)") IFS=':'
    for entry in $(cat "$ROOT/backsync-bench/target/classpath.txt"); do
        case "$entry" in
            "$ROOT"/*/target/*.jar) cp "$entry" "$out/lib/"; cp+=("$out/lib/$(basename "$entry")") ;;
            *) cp+=("$entry") ;;
        esac
    done
    echo "${cp[*]}" >"$out/classpath.txt"
}

bench_classpath() {
    [ -f "$ROOT/.bench-build/classpath.txt" ] || bench_build
    BENCH_CP="$(cat "$ROOT/.bench-build/classpath.txt")"
}
