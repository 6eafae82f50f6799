/**
 * Freshness columns: per table, a column whose newest value says how recent the data is (an
 * {@code updated_at}, an order's {@code placed}). The backup service records each one's newest value, in
 * the dump's snapshot, into the manifest; a restore test reads it again from the restored copy and
 * compares.
 */
package dev.lifeboat.postgres.freshness;
