#!/usr/bin/env bash
# elasticsearch.sh start|stop : a real Elasticsearch (the integ-test-zip distribution from Maven Central) as a
# separate process on 127.0.0.1:$ES_PORT. Elasticsearch refuses to run as root: as root it runs as nobody.
# env: ES_BASE (default .ci/work/elasticsearch), ES_PORT (9200), ES_JAVA_HOME (a JDK 21+)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
V=${ES_VERSION:-9.2.0}
BASE=${ES_BASE:-$HERE/work/elasticsearch}
PORT=${ES_PORT:-9200}
ES_HOME=$BASE/elasticsearch-$V
export ES_JAVA_HOME=${ES_JAVA_HOME:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}
case "${1:-start}" in
start)
  if [ ! -d "$ES_HOME" ]; then
    mvn -B -q dependency:get -Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$V:zip -Dtransitive=false >/dev/null
    mkdir -p "$BASE"
    unzip -q "${MAVEN_REPO:-$HOME/.m2/repository}/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$V/elasticsearch-$V.zip" -d "$BASE"
    cat >> "$ES_HOME/config/elasticsearch.yml" <<YML
cluster.name: afterimage-ci
discovery.type: single-node
network.host: 127.0.0.1
http.port: $PORT
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
YML
  fi
  RUN=()
  if [ "$(id -u)" = 0 ]; then
    # nobody must be able to reach ES_HOME: every parent directory needs o+x
    d=$BASE; while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
    chown -R 65534:65534 "$ES_HOME"
    RUN=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
  "${RUN[@]}" env ES_JAVA_HOME="$ES_JAVA_HOME" ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
      "$ES_HOME/bin/elasticsearch" -d -p "$ES_HOME/es.pid" >/dev/null
  for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null; then
      echo "elasticsearch: up on http://127.0.0.1:$PORT (pid $(cat "$ES_HOME/es.pid"))"; exit 0
    fi
    sleep 0.5
  done
  echo "Elasticsearch did not become ready; see $ES_HOME/logs" >&2; tail -30 "$ES_HOME"/logs/*.log >&2 || true; exit 1 ;;
stop)
  [ -f "$ES_HOME/es.pid" ] || exit 0
  PID=$(cat "$ES_HOME/es.pid"); kill "$PID" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$PID" 2>/dev/null || true ;;
esac
