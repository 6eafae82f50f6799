package dev.lifeboat.backup.api;

import dev.lifeboat.backup.intake.QueueListing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The backup queue: the waiting requests in claim order ({@code place} 1 is first in line; the first whose {@code hold}
 * is {@code NONE} starts next), each with its
 * database's server, what holds it ({@code NONE}: a replica takes it at its next look; {@code NOT_DUE}: a retry's backoff;
 * {@code DATABASE_BUSY}: a backup of the database runs; {@code SERVER_FULL}: its server runs as many backups as its limit,
 * the smallest {@code maxConcurrentPerServer} registered there) and how long it has been due; and per server, the backups running and waiting.
 */
public record BackupQueueView(List<Item> items, int page, int size, long total, Map<String, QueueListing.ServerLoad> servers) {

    public record Item(int place, String requestId, String databaseId, String trigger, String status, int attempts, String server,
                       String hold, Instant receivedAt, Instant dueAt, long waitedSeconds) {

        static Item of(QueueListing.Waiting waiting) {
            return new Item(waiting.place(), waiting.request().requestId, waiting.request().databaseId, waiting.request().trigger,
                    waiting.status(), waiting.request().attempt, waiting.server(), waiting.hold().name(),
                    waiting.request().receivedAt, waiting.dueAt(), waiting.waitedFor().toSeconds());
        }
    }

    static BackupQueueView of(QueueListing listing, String databaseId, int page, int size) {
        List<QueueListing.Waiting> shown = listing.waiting().stream()
                .filter(waiting -> databaseId == null || databaseId.equals(waiting.request().databaseId)).toList();
        List<Item> items = shown.stream().skip((long) page * size).limit(size).map(Item::of).toList();
        return new BackupQueueView(items, page, size, shown.size(), listing.servers());
    }
}
