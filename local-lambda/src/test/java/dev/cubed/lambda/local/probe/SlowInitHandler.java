package dev.cubed.lambda.local.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/** A handler whose class takes {@code PROBE_INIT_SLEEP_MS} to initialise. */
public class SlowInitHandler implements RequestStreamHandler {

    static {
        try {
            Thread.sleep(Long.parseLong(System.getenv().getOrDefault("PROBE_INIT_SLEEP_MS", "0")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        output.write("\"initialised\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
