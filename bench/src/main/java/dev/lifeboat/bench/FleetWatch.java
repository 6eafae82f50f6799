package dev.lifeboat.bench;

import dev.lifeboat.realservers.postgres.PostgresServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a fleet round is watched for while it runs: the most backups at once against each server (databases with a
 * {@code lifeboat backup} connection in pg_stat_activity: the snapshot session and pg_dump;
 * every 100 ms), the largest Kafka consumer lag of each group (every second) and each service process's peak RSS.
 */
final class FleetWatch implements AutoCloseable {

    private final Map<String, PostgresServer> servers;
    private final Admin kafka;
    private final Map<String, ResidentMemory> processes = new LinkedHashMap<>();
    private final Map<String, Integer> peakDumps = new ConcurrentHashMap<>();
    private final Map<String, Integer> peakRunning = new ConcurrentHashMap<>();
    private final PostgresServer lifeboat;
    private final Map<String, Long> peakLag = new ConcurrentHashMap<>();
    private volatile int peakDumpsInAll;
    private volatile boolean watching = true;
    private final Thread dumps;
    private final Thread lag;

    /** @param lifeboat the server of Lifeboat's own database, whose queue says what runs */
    FleetWatch(PostgresServer lifeboat, List<PostgresServer> servers, String kafkaBootstrapServers, Map<String, Long> processPids) {
        this.lifeboat = lifeboat;
        this.servers = new LinkedHashMap<>();
        servers.forEach(server -> this.servers.put(server.host() + ":" + server.port(), server));
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers));
        processPids.forEach((name, pid) -> processes.put(name, ResidentMemory.watch(pid)));
        this.dumps = daemon(this::watchDumps, "fleet-dumps");
        this.lag = daemon(this::watchLag, "fleet-lag");
    }

    private static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    Map<String, Integer> peakDumps() {
        return Map.copyOf(peakDumps);
    }

    /** The most RUNNING backup requests per server, as the queue recorded them (what the limit governs). */
    Map<String, Integer> peakRunning() {
        return Map.copyOf(peakRunning);
    }

    int peakDumpsInAll() {
        return peakDumpsInAll;
    }

    Map<String, Long> peakLag() {
        return Map.copyOf(peakLag);
    }

    /** Each watched process's peak resident memory, in MB. */
    Map<String, Long> peakRssMb() {
        Map<String, Long> peaks = new LinkedHashMap<>();
        processes.forEach((name, memory) -> peaks.put(name, memory.peakMb()));
        return peaks;
    }

    private void watchDumps() {
        Map<String, Connection> connections = new HashMap<>();
        Connection queue = null;
        try {
            queue = lifeboat.connect("lifeboat");
            for (Map.Entry<String, PostgresServer> server : servers.entrySet()) {
                connections.put(server.getKey(), server.getValue().connect("postgres"));
            }
            while (watching) {
                int inAll = 0;
                for (Map.Entry<String, Connection> server : connections.entrySet()) {
                    try (ResultSet count = server.getValue().createStatement().executeQuery(
                            "SELECT count(DISTINCT datname) FROM pg_stat_activity WHERE application_name = 'lifeboat backup' AND datname LIKE 'fleet_%'")) {
                        count.next();
                        int now = count.getInt(1);
                        inAll += now;
                        peakDumps.merge(server.getKey(), now, Math::max);
                    }
                }
                peakDumpsInAll = Math.max(peakDumpsInAll, inAll);
                try (ResultSet running = queue.createStatement().executeQuery("SELECT d.host || ':' || d.port, count(*) "
                        + "FROM backup.backup_request r JOIN backup.registered_database d ON d.id = r.database_id "
                        + "WHERE r.status = 'RUNNING' GROUP BY 1")) {
                    while (running.next()) {
                        peakRunning.merge(running.getString(1), running.getInt(2), Math::max);
                    }
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            if (watching) {
                System.out.println("Watching pg_dumps stopped: " + e);
            }
        } finally {
            if (queue != null) {
                connections.put("queue", queue);
            }
            connections.values().forEach(connection -> {
                try {
                    connection.close();
                } catch (Exception ignored) {
                    // the watch is over
                }
            });
        }
    }

    private void watchLag() {
        while (watching) {
            try {
                for (ConsumerGroupListing group : kafka.listConsumerGroups().all().get()) {
                    Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group.groupId())
                            .partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                    var ends = kafka.listOffsets(latest).all().get();
                    long lagNow = 0;
                    for (Map.Entry<TopicPartition, OffsetAndMetadata> partition : committed.entrySet()) {
                        if (partition.getValue() != null && ends.containsKey(partition.getKey())) {
                            lagNow += Math.max(0, ends.get(partition.getKey()).offset() - partition.getValue().offset());
                        }
                    }
                    peakLag.merge(group.groupId(), lagNow, Math::max);
                }
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                System.out.println("Watching consumer lag: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        watching = false;
        dumps.join(5000);
        lag.interrupt();
        lag.join(5000);
        kafka.close();
        for (ResidentMemory memory : processes.values()) {
            memory.close();
        }
    }
}
