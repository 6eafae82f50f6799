package dev.lifeboat.backup.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backup queue as it stands: each waiting request's place in the order requests are claimed, and what holds it
 * (not due yet, its database's backup running, its server at its limit), and how many backups run and wait per server.
 *
 * @param waiting the waiting requests, first to be claimed first
 * @param servers per server ({@code host:port}), its backups running and waiting: every server with a request, and (as
 *                {@link BackupRequestQueue#waiting} lists it) every server with a registered database, at zero when idle
 */
public record QueueListing(List<Waiting> waiting, Map<String, ServerLoad> servers) {

    /** Why a waiting request has not started. */
    public enum Hold {
        /** Nothing holds it: a replica with a free backup thread takes it at its next look. */
        NONE,
        /** A retry whose backoff has not passed. */
        NOT_DUE,
        /** A backup of the same database runs. */
        DATABASE_BUSY,
        /** Its server runs as many backups as its limit (the smallest {@code maxConcurrentPerServer} registered there). */
        SERVER_FULL
    }

    /**
     * A request as the queue holds it, with its database's server ({@code host:port}, null if not registered) and that
     * server's limit.
     */
    record Row(BackupRequestRecord request, String server, int serverLimit) {
    }

    /**
     * @param place its position in claim order among the waiting (1: first in line); one held ahead of it does not stop
     *              it: the first with hold NONE starts next
     * @param waitedFor how long it has been due (zero when not yet)
     * @param dueAt     when it is due: its next attempt's time, or now for one whose replica died
     * @param abandoned a RUNNING request whose replica died: the next claim makes it RETRYING, due now
     */
    public record Waiting(BackupRequestRecord request, int place, String server, Hold hold, Duration waitedFor, Instant dueAt,
                          boolean abandoned) {

        /** Its status as the next claim sees it. */
        public String status() {
            return abandoned ? BackupRequestRecord.Status.RETRYING.name() : request.status.name();
        }
    }

    public record ServerLoad(int running, int waiting) {
    }

    /**
     * Orders what the queue holds (RECEIVED, RETRYING and RUNNING requests, in claim order) into a listing.
     *
     * @param staleBefore a RUNNING request whose heartbeat is older (its replica died) is shown as the next claim treats
     *                    it: waiting again, due now, holding no place on its server
     */
    static QueueListing of(List<Row> rows, Instant now, Instant staleBefore) {
        Set<String> busyDatabases = new HashSet<>();
        Map<String, Integer> runningPerServer = new HashMap<>();
        List<Row> waitingRows = new ArrayList<>();
        for (Row row : rows) {
            if (row.request().status != BackupRequestRecord.Status.RUNNING || abandoned(row.request(), staleBefore)) {
                waitingRows.add(row);
            } else {
                busyDatabases.add(row.request().databaseId);
                if (row.server() != null) {
                    runningPerServer.merge(row.server(), 1, Integer::sum);
                }
            }
        }
        // claim order: by when due, then when received (the rows come so; an abandoned one is due now)
        waitingRows.sort(Comparator.comparing((Row row) -> dueAt(row, now)).thenComparing(row -> row.request().receivedAt,
                Comparator.nullsFirst(Comparator.<Instant>naturalOrder())));
        List<Waiting> waiting = new ArrayList<>();
        Map<String, Integer> waitingPerServer = new HashMap<>();
        for (Row row : waitingRows) {
            BackupRequestRecord request = row.request();
            Instant dueAt = dueAt(row, now);
            boolean due = !dueAt.isAfter(now);
            Hold hold = !due ? Hold.NOT_DUE
                    : busyDatabases.contains(request.databaseId) ? Hold.DATABASE_BUSY
                    : row.server() != null && runningPerServer.getOrDefault(row.server(), 0) >= row.serverLimit() ? Hold.SERVER_FULL
                    : Hold.NONE;
            waiting.add(new Waiting(request, waiting.size() + 1, row.server(), hold, due ? Duration.between(dueAt, now) : Duration.ZERO,
                    dueAt, request.status == BackupRequestRecord.Status.RUNNING));
            if (row.server() != null) {
                waitingPerServer.merge(row.server(), 1, Integer::sum);
            }
        }
        Map<String, ServerLoad> servers = new HashMap<>();
        Set<String> all = new HashSet<>(runningPerServer.keySet());
        all.addAll(waitingPerServer.keySet());
        all.forEach(server -> servers.put(server, new ServerLoad(runningPerServer.getOrDefault(server, 0),
                waitingPerServer.getOrDefault(server, 0))));
        return new QueueListing(List.copyOf(waiting), Map.copyOf(servers));
    }

    /** This listing with every one of these servers (those with a registered database) in {@link #servers()}, idle ones at zero. */
    public QueueListing withServers(List<String> registered) {
        Map<String, ServerLoad> all = new HashMap<>(servers);
        registered.forEach(server -> all.putIfAbsent(server, new ServerLoad(0, 0)));
        return new QueueListing(waiting, Map.copyOf(all));
    }

    /** When a waiting request is due: an abandoned one now (the next claim makes it so), a new one at once. */
    private static Instant dueAt(Row row, Instant now) {
        BackupRequestRecord request = row.request();
        if (request.status == BackupRequestRecord.Status.RUNNING || request.nextAttemptAt == null) {
            return now;
        }
        return request.nextAttemptAt;
    }

    private static boolean abandoned(BackupRequestRecord request, Instant staleBefore) {
        return request.heartbeatAt != null && request.heartbeatAt.isBefore(staleBefore);
    }
}
