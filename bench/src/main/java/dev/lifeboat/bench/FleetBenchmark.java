package dev.lifeboat.bench;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fleet benchmark ({@code bench/benchmark fleet [databases]}; not a test). Small databases (default 200) on two
 * PostgreSQL servers, all scheduled for the same minute: two replicas of backup-service and of verifier-service and one
 * restore-service take and verify them; then the same with one replica of each. Each round prints how long until every
 * backup completed and was verified, the time from the slot to each backup's start and end (p50, p99, the last), every
 * backup counted (exactly one per database, each verified once), the most pg_dumps at once per server against the
 * limit ({@code maxConcurrentPerServer}, default 2), each replica's share and peak RSS, and the consumer groups' lag.
 */
public final class FleetBenchmark {

    private static final Duration ROUND_LIMIT = Duration.ofMinutes(30);

    record Round(String name, int databases, Duration allCompleted, Duration allVerified, List<Duration> toStart, List<Duration> toEnd,
                 Map<String, Integer> backupsPerDatabase, int retried, int failed, Map<String, Integer> verificationsPerBackup,
                 Map<String, Integer> peakRunning, Map<String, Integer> peakDumps, int peakDumpsInAll, Map<String, Long> shares, Map<String, Long> peakRssMb,
                 Map<String, Long> peakLag) {
    }

    private FleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        BenchStack.requireTools("pg_dump");
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int databases = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (BenchStack stack = BenchStack.start(root)) {
            List<PostgresServer> servers = List.of(stack.postgres(), stack.startPostgres());
            List<String> names = createFleet(servers, databases);
            List<Round> rounds = new ArrayList<>();
            rounds.add(round(stack, servers, names, "two", 2));
            rounds.add(round(stack, servers, names, "one", 1));
            FleetReport.print(rounds);
        }
    }

    /** {@code fleet_001} … on the servers in turn: a table of 2,000 rows each, copied from a template. */
    private static List<String> createFleet(List<PostgresServer> servers, int count) {
        System.out.printf("Creating %d databases on %d servers…%n", count, servers.size());
        for (PostgresServer server : servers) {
            server.execute("CREATE DATABASE fleet_template");
            server.execute("fleet_template", "CREATE TABLE item (id int PRIMARY KEY, name text, at timestamptz DEFAULT now()); "
                    + "INSERT INTO item (id, name) SELECT i, md5(i::text) FROM generate_series(1, 2000) i");
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = String.format("fleet_%03d", i);
            servers.get(i % servers.size()).execute("CREATE DATABASE " + name + " TEMPLATE fleet_template");
            names.add(name);
        }
        return names;
    }

    /** The server {@link #createFleet} put database number {@code number} (1-based) on. */
    private static PostgresServer serverOf(List<PostgresServer> servers, int number) {
        return servers.get(number % servers.size());
    }

    private static Round round(BenchStack stack, List<PostgresServer> servers, List<String> names, String name, int replicas)
            throws Exception {
        System.out.printf("%nRound '%s': %d replica(s) of backup-service and verifier-service, one restore-service…%n", name, replicas);
        Map<String, ServiceApi> backups = new LinkedHashMap<>();
        Map<String, ServiceApi> verifiers = new LinkedHashMap<>();
        List<ServiceApi> all = new ArrayList<>();
        try {
            for (int i = 1; i <= replicas; i++) {
                all.add(backups.computeIfAbsent("backup-service-" + i, replica -> stack.startService("backup-service", Map.of())));
                all.add(verifiers.computeIfAbsent("verifier-service-" + i, replica -> stack.startService("verifier-service", Map.of())));
            }
            all.add(stack.startService("restore-service", Map.of()));
            ServiceApi registry = backups.values().iterator().next();
            Instant slot = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(50 + names.size() / 5).truncatedTo(ChronoUnit.MINUTES)
                    .plusMinutes(1).toInstant();
            ZonedDateTime at = slot.atZone(ZoneOffset.UTC);
            String schedule = at.getMinute() + " " + at.getHour() + " * * *";
            System.out.printf("Registering %d databases scheduled for %s (cron %s)…%n", names.size(), slot, schedule);
            for (int i = 0; i < names.size(); i++) {
                stack.register(registry, serverOf(servers, i + 1), name + "-" + names.get(i).replace('_', '-'), names.get(i), schedule);
            }
            Map<String, Long> pids = new LinkedHashMap<>();
            backups.forEach((replica, api) -> pids.put(replica, api.pid()));
            verifiers.forEach((replica, api) -> pids.put(replica, api.pid()));
            try (Connection lifeboat = stack.postgres().connect("lifeboat");
                 FleetWatch watch = new FleetWatch(stack.postgres(), servers, stack.kafkaBootstrapServers(), pids)) {
                System.out.printf("Waiting for the slot (%s) and every backup and its verification…%n", slot);
                Instant deadline = slot.plus(ROUND_LIMIT);
                Instant completed = null;
                Instant verified = null;
                while (verified == null) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("round '" + name + "' did not finish within " + ROUND_LIMIT);
                    }
                    Thread.sleep(500);
                    if (completed == null && count(lifeboat, "SELECT count(DISTINCT database_id) FROM backup.backup WHERE database_id LIKE ?",
                            name) >= names.size()) {
                        completed = Instant.now();
                    }
                    if (completed != null && count(lifeboat, "SELECT count(DISTINCT database_id) FROM verifier.verification "
                            + "WHERE status = 'PASSED' AND database_id LIKE ?", name) >= names.size()) {
                        verified = Instant.now();
                    }
                }
                Thread.sleep(3000); // anything sent twice would arrive by now
                return gather(stack, lifeboat, watch, name, names.size(), slot, completed, verified, backups, verifiers);
            }
        } finally {
            for (ServiceApi service : all) {
                service.close();
            }
        }
    }

    private static Round gather(BenchStack stack, Connection lifeboat, FleetWatch watch, String name, int databases, Instant slot,
                                Instant completed, Instant verified, Map<String, ServiceApi> backups,
                                Map<String, ServiceApi> verifiers) throws Exception {
        List<Duration> toStart = new ArrayList<>();
        List<Duration> toEnd = new ArrayList<>();
        Map<String, Integer> perDatabase = new HashMap<>();
        List<String> backupIds = new ArrayList<>();
        try (var query = lifeboat.prepareStatement("SELECT database_id, backup_id, started_at, completed_at FROM backup.backup "
                + "WHERE database_id LIKE ?")) {
            query.setString(1, name + "-%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    perDatabase.merge(rows.getString(1), 1, Integer::sum);
                    backupIds.add(rows.getString(2));
                    toStart.add(Duration.between(slot, rows.getTimestamp(3).toInstant()));
                    toEnd.add(Duration.between(slot, rows.getTimestamp(4).toInstant()));
                }
            }
        }
        int retried = count(lifeboat, "SELECT count(*) FROM backup.backup_request WHERE attempt > 1 AND database_id LIKE ?", name);
        int failed = count(lifeboat, "SELECT count(*) FROM backup.backup_request WHERE status = 'FAILED' AND database_id LIKE ?", name);
        Map<String, Integer> verifications = new HashMap<>();
        new TopicEvents(stack.kafka(), Topics.VERIFICATION_EVENTS).all(VerificationPassed.class,
                        event -> event.data().databaseId().startsWith(name + "-"))
                .forEach(event -> verifications.merge(event.data().backupId(), 1, Integer::sum));
        backupIds.forEach(id -> verifications.putIfAbsent(id, 0));
        Map<String, Long> shares = new LinkedHashMap<>();
        for (Map.Entry<String, ServiceApi> replica : backups.entrySet()) {
            shares.put(replica.getKey(), metricSum(replica.getValue(), "lifeboat_backup_duration_seconds_count{", "database=\"" + name + "-"));
        }
        for (Map.Entry<String, ServiceApi> replica : verifiers.entrySet()) {
            shares.put(replica.getKey(), metricSum(replica.getValue(), "lifeboat_verifier_verifications_total{", "outcome=\"passed\""));
        }
        return new Round(name, databases, Duration.between(slot, completed), Duration.between(slot, verified), toStart, toEnd,
                perDatabase, retried, failed, verifications, watch.peakRunning(), watch.peakDumps(), watch.peakDumpsInAll(), shares, watch.peakRssMb(),
                watch.peakLag());
    }

    private static int count(Connection connection, String sql, String prefix) throws Exception {
        try (var query = connection.prepareStatement(sql)) {
            query.setString(1, prefix + "-%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** The sum of a Prometheus metric's series whose labels contain the given text, from the replica's {@code /q/metrics}. */
    private static long metricSum(ServiceApi service, String series, String labelText) throws Exception {
        return Math.round(service.get("/q/metrics").lines().filter(line -> line.startsWith(series) && line.contains(labelText))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum());
    }

    static String servers(Map<String, ?> values) {
        return values.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
    }
}
