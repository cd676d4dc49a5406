package dev.cubed.lambda.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The release this worker was built from, written into its package by the build. */
final class WorkerVersion {
    private static final String RESOURCE = "worker.properties";

    private WorkerVersion() {
    }

    static String current() {
        try (InputStream in = WorkerVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
