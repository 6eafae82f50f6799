/**
 * The digest of a table's COPY rows, one home for the backup that records it while the dump streams past and for the
 * check that compares a restored table with it: {@link dev.lifeboat.postgres.digest.CopyRowsDigest} (the hash),
 * {@link dev.lifeboat.postgres.digest.CopyStatement} (the columns a dump's COPY names) and
 * {@link dev.lifeboat.postgres.digest.CopyOutput} (the settings COPY's text depends on).
 */
package dev.lifeboat.postgres.digest;
