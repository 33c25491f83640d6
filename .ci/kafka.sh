#!/usr/bin/env bash
# kafka.sh start|stop : a real single-node KRaft Kafka broker as a separate JVM, from Maven Central jars only.
# env: KAFKA_DIR (state, default .ci/work/kafka), KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093), JAVA_HOME
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
D=${KAFKA_DIR:-$HERE/work/kafka}
PORT=${KAFKA_PORT:-19092}; CPORT=${KAFKA_CONTROLLER_PORT:-19093}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
case "${1:-start}" in
start)
  mkdir -p "$D"
  mvn -q -B -f "$HERE/kafka-broker/pom.xml" dependency:build-classpath -Dmdep.outputFile="$D/broker.cp" >/dev/null
  CP=$(cat "$D/broker.cp")
  rm -rf "$D/data"
  cat > "$D/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$D/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=2000
PROPS
  QUIET=-Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  "$JAVA" $QUIET -cp "$CP" kafka.tools.StorageTool format -t "$("$JAVA" $QUIET -cp "$CP" kafka.tools.StorageTool random-uuid)" \
      -c "$D/server.properties" > "$D/format.log"
  nohup "$JAVA" -Xms512m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true -Djava.io.tmpdir="$D" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=info -cp "$CP" kafka.Kafka "$D/server.properties" \
    > "$D/broker.log" 2>&1 < /dev/null &
  echo $! > "$D/broker.pid"
  for _ in $(seq 1 240); do
    grep -q "Kafka Server started" "$D/broker.log" && break
    kill -0 "$(cat "$D/broker.pid")" 2>/dev/null || { tail -50 "$D/broker.log" >&2; exit 1; }
    sleep 0.25
  done
  grep -q "Kafka Server started" "$D/broker.log" || { echo "Kafka broker did not start; see $D/broker.log" >&2; exit 1; }
  echo "kafka: broker up on 127.0.0.1:$PORT (pid $(cat "$D/broker.pid"))"
  ;;
stop)
  [ -f "$D/broker.pid" ] || exit 0
  PID=$(cat "$D/broker.pid")
  kill "$PID" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$PID" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$PID" 2>/dev/null || true
  rm -f "$D/broker.pid"
  ;;
esac
