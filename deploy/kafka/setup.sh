#!/bin/sh
# Creates Lifeboat's topics and grants the ACLs of acls.txt, as the broker's super user "admin".
#   setup.sh BOOTSTRAP_SERVERS     (KAFKA_ADMIN_PASSWORD in the environment; the Kafka distribution's bin/ on PATH
#                                   or in /opt/kafka/bin, as in the apache/kafka image)
# Idempotent: run it again after changing acls.txt or topics.txt (it adds; remove a grant with kafka-acls.sh --remove).
set -eu
bootstrap="$1"
here="$(dirname "$0")"
bin=/opt/kafka/bin
[ -x "$bin/kafka-acls.sh" ] || bin="$(dirname "$(command -v kafka-acls.sh)")"
: "${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD}"
config="$(mktemp)"
trap 'rm -f "$config"' EXIT
cat > "$config" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
PROPERTIES
grep -v '^#' "$here/topics.txt" | while read -r topic settings; do
  [ -n "$topic" ] || continue
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$config" --create --if-not-exists \
    --topic "$topic" --partitions "${LIFEBOAT_TOPIC_PARTITIONS:-6}" --replication-factor "${LIFEBOAT_TOPIC_REPLICATION:-1}" \
    ${settings:+--config "$settings"}
done
grep -v '^#' "$here/acls.txt" | while read -r user operation resource name pattern; do
  [ -n "$user" ] || continue
  "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$config" --add --allow-principal "User:$user" \
    --operation "$operation" "--$resource" "$name" --resource-pattern-type "${pattern:-literal}" > /dev/null
  echo "granted $user $operation on $resource $name${pattern:+ ($pattern)}"
done
