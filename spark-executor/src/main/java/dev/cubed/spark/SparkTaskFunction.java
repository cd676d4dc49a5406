package dev.cubed.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * The function of every Spark job: one task message in, the worker's reply out. It holds only the
 * broadcast handle of the computation's {@link SparkWorker}, so what Spark ships with each job is
 * data (the message) and a reference, never a client object.
 */
final class SparkTaskFunction implements Function<byte[], byte[]> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<SparkWorker> worker;

    SparkTaskFunction(Broadcast<SparkWorker> worker) {
        this.worker = worker;
    }

    @Override
    public byte[] call(byte[] message) {
        return worker.value().run(message, SparkEnv.get().executorId());
    }
}
