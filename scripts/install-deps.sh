#!/usr/bin/env bash
# Installs everything newswatch needs to build, test and run, from Debian 12's own packages.
# Idempotent; run as root or with sudo available.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake make pkg-config
  # libraries (design card: librdkafka, libcurl, pugixml, prometheus-cpp, GoogleTest) and the rest
  librdkafka-dev libcurl4-openssl-dev libpugixml-dev prometheus-cpp-dev libgtest-dev libgmock-dev libbenchmark-dev
  libyaml-cpp-dev libsqlite3-dev libicu-dev nlohmann-json3-dev libsystemd-dev zlib1g-dev
  # HTML5 parser for article extraction (daemon/extract)
  libgumbo-dev
  # tools the tests and the demo run: an independent Kafka consumer, python3 for the local HTTP
  # server and JSON Schema validation
  kcat python3 python3-jsonschema
  # bench/scale: the naive alternative it measures the daemon against
  python3-feedparser python3-confluent-kafka
  # operations (issue 6): the HTTP server for /metrics, /healthz, /readyz and the status page;
  # systemd-analyze for the units, Prometheus + promtool for the rules and the live alert test,
  # Chromium to render the status page headless
  libcivetweb-dev systemd prometheus chromium fonts-dejavu-core
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
