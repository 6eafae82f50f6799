package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.Lsn;

import java.time.Instant;

/**
 * How far an idle stream is known complete: nothing the capture publishes committed between the last stored segment
 * and {@code until} (by the source's clock), which the stream showed by {@code lsn}. Rewritten as the capture's
 * heartbeats pass; a segment stored later supersedes it.
 */
public record Coverage(String databaseId, Lsn lsn, Instant until) {
}
