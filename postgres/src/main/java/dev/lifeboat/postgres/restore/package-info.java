/**
 * Restoring a Lifeboat archive, as restore-service and verifier-service both do: {@code pg_restore} fed
 * the plaintext as it streams from the bucket, its table of contents, and the checks of a restored
 * database against the backup's manifest (row counts, foreign-key orphans, sequences, tables and
 * indexes, freshness columns). Plain Java and JDBC: the services call it on worker threads.
 */
package dev.lifeboat.postgres.restore;
