#!/usr/bin/env bash
# Runs every test backsync has: unit tests, then integration tests against real servers
# (Dovecot started by the tests on a free loopback port, GreenMail in-process, headless Chromium).
# Installs or locates what they need first, or stops with a message saying what to do.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib.sh

java_home="$(find_jdk25)" || die "backsync needs JDK 25 or newer. Install Temurin 25 (apt: temurin-25-jdk) or set JAVA_HOME to a JDK 25."
export JAVA_HOME="$java_home"

ensure_test_tools

exec ./mvnw -B -ntp verify "$@"
