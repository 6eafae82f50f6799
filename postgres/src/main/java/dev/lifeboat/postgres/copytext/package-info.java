/**
 * COPY's text format, one home for the backup that reads a dump's rows as they stream past, the restore that loads them
 * and the check that reads a restored table back: {@link dev.lifeboat.postgres.copytext.Newlines} (a row ends at a
 * newline: COPY escapes those inside values), {@link dev.lifeboat.postgres.copytext.CopyRowsDigest} (the digest of a
 * table's rows), {@link dev.lifeboat.postgres.copytext.CopyStatement} (the columns a dump's COPY names) and
 * {@link dev.lifeboat.postgres.copytext.CopyOutput} (the settings COPY's text depends on).
 */
package dev.lifeboat.postgres.copytext;
