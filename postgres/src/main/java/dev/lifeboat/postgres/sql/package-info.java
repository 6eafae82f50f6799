/** SQL text Lifeboat builds for PostgreSQL: identifiers quoted, and tables named {@code schema.table} as manifests name them. */
package dev.lifeboat.postgres.sql;
