package dev.lifeboat.events.backup;

/** How a backup's archive is compressed before it is (optionally) encrypted. */
public enum Compression { NONE, GZIP, ZSTD }
