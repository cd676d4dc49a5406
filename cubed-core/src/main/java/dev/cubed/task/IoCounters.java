package dev.cubed.task;

/** Bytes and chunks one task read and wrote (uncompressed block bytes). Confined to the task's thread. */
final class IoCounters {
    long bytesRead;
    long bytesWritten;
    long chunksRead;
    long chunksWritten;
}
