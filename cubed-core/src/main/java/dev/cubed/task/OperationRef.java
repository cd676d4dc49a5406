package dev.cubed.task;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an operation's spec is stored when it is too large to travel in every task message: the
 * URL of its JSON (written once per operation under the work directory) and the SHA-256 of those
 * bytes, which the worker checks before trusting them and uses as its cache key.
 */
public record OperationRef(@JsonProperty("url") String url, @JsonProperty("sha256") String sha256) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public OperationRef {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(sha256, "sha256");
        if (url.isBlank() || url.endsWith("/")) {
            throw new IllegalArgumentException("an operation reference needs the URL of an object, got '" + url + "'");
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("an operation reference's sha256 must be 64 lower-case hex digits, got '"
                    + sha256 + "'");
        }
    }

    /** The URL of the directory holding the object. */
    public String directoryUrl() {
        return url.substring(0, url.lastIndexOf('/'));
    }

    /** The object's name in {@link #directoryUrl()}. */
    public String objectName() {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
