package dev.cubed.lambda.local.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/** A handler whose class cannot be initialised: the runtime reports an init error. */
public class FailingInitHandler implements RequestStreamHandler {

    static {
        if (Boolean.parseBoolean("true")) {
            throw new IllegalStateException("probe init failure on purpose");
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        // never reached
    }
}
