package dev.cubed.storage;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Recognises a service that could not be reached at all (nothing listening, unknown host, no
 * route, connect timeout) anywhere in a failure's causes, so that messages can name the service
 * and endpoint instead of a bare "Connection refused (SDK Attempt Count: 4)".
 */
public final class NetworkFailure {
    private NetworkFailure() {
    }

    /** What kept the connection from being made, e.g. {@code connection refused}; empty for other failures. */
    public static Optional<String> unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return Optional.of(t.getMessage() == null ? "connection refused" : t.getMessage());
            }
            if (t instanceof UnknownHostException) {
                return Optional.of("unknown host " + t.getMessage());
            }
            if (t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).toLowerCase().contains("connect")) {
                return Optional.of("connect timed out");
            }
            String m = t.getMessage();
            if (m != null && (m.contains("Connection refused") || m.contains("Connect timed out"))) {
                return Optional.of(m.contains("refused") ? "connection refused" : "connect timed out");
            }
        }
        return Optional.empty();
    }
}
