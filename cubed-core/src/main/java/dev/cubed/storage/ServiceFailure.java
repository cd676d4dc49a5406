package dev.cubed.storage;

import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.SdkClient;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * What an AWS SDK failure says about the service behind it, found anywhere in its causes: that it
 * could not be reached at all (nothing listening, unknown host, no route, connect timeout), or that
 * no credentials were found. Messages then name the service and its endpoint, or the variables to
 * set, instead of a bare "Connection refused (SDK Attempt Count: 4)" or the SDK's provider chain.
 */
public final class ServiceFailure {
    private ServiceFailure() {
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
            String m = String.valueOf(t.getMessage());
            if (t instanceof SocketTimeoutException && m.toLowerCase(Locale.ROOT).contains("connect")) {
                return Optional.of("connect timed out");
            }
            if (m.contains("Connection refused") || m.contains("Connect timed out")) {
                return Optional.of(m.contains("refused") ? "connection refused" : "connect timed out");
            }
        }
        return Optional.empty();
    }

    /** The SDK's "no provider in the chain found credentials" failure, at any depth. */
    public static boolean missingCredentials(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.startsWith("Unable to load credentials") || m.contains("contained no credentials"))) {
                return true;
            }
        }
        return false;
    }

    /** The endpoint {@code client} talks to: its override, or AWS's in its region. */
    public static String endpoint(SdkClient client) {
        try {
            var conf = client.serviceClientConfiguration();
            if (conf.endpointOverride().isPresent()) {
                return conf.endpointOverride().get().toString();
            }
            String region = conf instanceof AwsServiceClientConfiguration aws && aws.region() != null
                    ? aws.region().id() : "the default region";
            return "of AWS in " + region;
        } catch (RuntimeException e) {
            return "(unknown)";
        }
    }
}
