#!/bin/sh
# The broker's health check in docker-compose: it answers an authenticated API-versions request from "admin".
set -eu
config=/tmp/lifeboat-healthcheck.properties
cat > "$config" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
PROPERTIES
/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 --command-config "$config" > /dev/null
