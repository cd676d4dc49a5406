package dev.cubed.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A read-only store of data served over HTTP or HTTPS: a key is a path below the root URL.
 * {@link #get} is a GET, {@link #exists} a HEAD, ranges and suffixes are {@code Range} requests
 * (so sharded arrays read only the inner chunks they need). 404 and 410 mean the object is
 * missing. A server that ignores {@code Range} and answers 200 with the whole object still gives
 * the right bytes: the unwanted ones are skipped while streaming, never held.
 *
 * <p>HTTP has no listing, so {@link #supportsListing()} is false and {@link #list} fails; groups
 * served over HTTP need consolidated metadata. Writes fail: this store is read-only.
 *
 * <p>Connection failures and the answers 429, 500, 502, 503 and 504 are retried twice, after
 * 0.1 s and 0.4 s; other answers are reported at once as a {@link StoreAccessException} that
 * names the URL and the status.
 */
public final class HttpStore implements Store {
    private static final int ATTEMPTS = 3;
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final Set<Integer> RETRIED = Set.of(429, 500, 502, 503, 504);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Characters of a path segment that need no escaping (RFC 3986 unreserved and sub-delims, ':' and '@'). */
    private static final String SEGMENT_SAFE = "-._~!$&'()*+,;=:@";

    private final HttpClient client;
    private final String root;

    /**
     * @param url the root, {@code http://} or {@code https://}, without a query or fragment;
     *     a trailing slash is ignored
     */
    public HttpStore(HttpClient client, String url) {
        this.client = Objects.requireNonNull(client, "client");
        this.root = checkRoot(url);
    }

    private static String checkRoot(String url) {
        URI u;
        try {
            u = new URI(Objects.requireNonNull(url, "url"));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a valid URL: " + e.getMessage(), e);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + url + "' is not an http:// or https:// URL");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + url + "' names no host; use https://host/path/to/data.zarr");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + url + "' has a query or fragment; an HTTP store's URL must be a plain"
                    + " directory-like root (https://host/path/to/data.zarr), since keys are appended to its path");
        }
        String s = url;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    @Override
    public String url() {
        return root;
    }

    @Override
    public boolean supportsListing() {
        return false;
    }

    /** The URL of a key: the root and the key's segments, each percent-encoded. */
    URI uri(String key) {
        StoreKeys.checkKey(key);
        StringBuilder sb = new StringBuilder(root);
        for (String seg : key.split("/")) {
            sb.append('/');
            for (byte b : seg.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || SEGMENT_SAFE.indexOf(c) >= 0) {
                    sb.append(c);
                } else {
                    sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
        }
        return URI.create(sb.toString());
    }

    @Override
    public Optional<ByteBuffer> get(String key) {
        URI u = uri(key);
        return send("GET", u, null, r -> switch (r.statusCode()) {
            case 200 -> Optional.of(ByteBuffer.wrap(r.body().readAllBytes()));
            default -> missingOrFail("GET", u, r);
        });
    }

    @Override
    public Optional<ByteBuffer> getRange(String key, long offset, long length) {
        String range = StoreKeys.byteRange(offset, length);
        if (length == 0) {
            return emptyIfExists(key);
        }
        URI u = uri(key);
        return send("GET", u, range, r -> switch (r.statusCode()) {
            case 206 -> {
                long start = contentRangeStart(r);
                if (start != offset) {
                    throw new StoreAccessException("GET " + u + " with Range " + range + " answered with the bytes from "
                            + start + "; the server's range support is broken");
                }
                yield Optional.of(ByteBuffer.wrap(readAtMost(r.body(), length)));
            }
            // the server ignored Range: skip to the offset and stop reading after the range
            case 200 -> {
                InputStream in = r.body();
                long skipped = in.skip(offset);
                while (skipped < offset && in.read() >= 0) {
                    skipped++;
                    skipped += in.skip(offset - skipped);
                }
                yield Optional.of(ByteBuffer.wrap(readAtMost(in, length)));
            }
            case 416 -> Optional.of(ByteBuffer.allocate(0)); // the object is shorter than the offset
            default -> missingOrFail("GET", u, r);
        });
    }

    @Override
    public Optional<ByteBuffer> getSuffix(String key, long length) {
        String range = StoreKeys.suffixRange(length);
        if (length == 0) {
            return emptyIfExists(key);
        }
        URI u = uri(key);
        return send("GET", u, range, r -> switch (r.statusCode()) {
            case 206 -> Optional.of(ByteBuffer.wrap(readAtMost(r.body(), length)));
            case 200 -> {
                OptionalLong size = r.headers().firstValueAsLong("Content-Length");
                InputStream in = r.body();
                if (size.isPresent()) {
                    in.skipNBytes(Math.max(0, size.getAsLong() - length));
                    yield Optional.of(ByteBuffer.wrap(in.readAllBytes()));
                }
                byte[] all = in.readAllBytes();
                int n = (int) Math.min(all.length, length);
                yield Optional.of(ByteBuffer.wrap(all, all.length - n, n).slice());
            }
            case 416 -> Optional.of(ByteBuffer.allocate(0)); // an empty object has no suffix to give
            default -> missingOrFail("GET", u, r);
        });
    }

    private Optional<ByteBuffer> emptyIfExists(String key) {
        return exists(key) ? Optional.of(ByteBuffer.allocate(0)) : Optional.empty();
    }

    @Override
    public boolean exists(String key) {
        URI u = uri(key);
        Optional<Boolean> head = send("HEAD", u, null, r -> {
            int s = r.statusCode();
            if (s >= 200 && s < 300) {
                return Optional.of(true);
            }
            if (s == 405 || s == 501) {
                return Optional.empty(); // no HEAD here: ask for the first byte instead
            }
            failUnlessMissing("HEAD", u, r);
            return Optional.of(false);
        });
        if (head.isPresent()) {
            return head.get();
        }
        return send("GET", u, "bytes=0-0", r -> {
            int s = r.statusCode();
            if (s == 200 || s == 206 || s == 416) {
                return true;
            }
            failUnlessMissing("GET", u, r);
            return false;
        });
    }

    @Override
    public void put(String key, ByteBuffer value) {
        throw readOnly("write", key);
    }

    @Override
    public void delete(String key) {
        throw readOnly("delete", key);
    }

    @Override
    public void deletePrefix(String prefix) {
        throw readOnly("delete everything under", prefix);
    }

    @Override
    public List<String> list(String prefix) {
        throw cannotList(prefix);
    }

    @Override
    public Map<String, Long> listSizes(String prefix) {
        throw cannotList(prefix);
    }

    private UnsupportedOperationException readOnly(String what, String key) {
        return new UnsupportedOperationException("cannot " + what + " '" + key + "' in " + root
                + ": an HTTP store is read-only; write to a path, file://, s3:// or memory:// URL instead");
    }

    private UnsupportedOperationException cannotList(String prefix) {
        return new UnsupportedOperationException("cannot list " + (prefix.isEmpty() ? "the keys" : "the keys under '"
                + prefix + "'") + " of " + root + ": HTTP has no listing. A group served over HTTP needs consolidated"
                + " metadata (.zmetadata for Zarr v2, consolidated_metadata in zarr.json for v3; zarr-python's"
                + " zarr.consolidate_metadata or ZarrGroup.consolidate writes it); arrays open by their own path");
    }

    /** Turns a response (status, headers, body stream) into a result. */
    @FunctionalInterface
    private interface ResponseHandler<T> {
        T handle(HttpResponse<InputStream> response) throws IOException;
    }

    private <T> T send(String method, URI u, String range, ResponseHandler<T> handler) {
        HttpRequest.Builder b = HttpRequest.newBuilder(u).timeout(REQUEST_TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        String what = method + " " + u + (range == null ? "" : " (Range " + range + ")");
        if (range != null) {
            b.header("Range", range);
        }
        HttpRequest request = b.build();
        IOException lastFailure = null;
        int lastStatus = 0;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                backOff(attempt, what);
            }
            HttpResponse<InputStream> r;
            try {
                r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreAccessException(what + " was interrupted", e);
            }
            try (InputStream body = r.body()) {
                if (RETRIED.contains(r.statusCode())) {
                    lastStatus = r.statusCode();
                    lastFailure = null;
                    continue;
                }
                return handler.handle(r);
            } catch (IOException e) {
                lastFailure = e; // the body broke off: ask again
            }
        }
        if (lastFailure != null) {
            throw new StoreAccessException(what + " failed " + ATTEMPTS + " times; the last time: " + lastFailure
                    + ". Check that the server is reachable", lastFailure);
        }
        throw new StoreAccessException(what + " answered HTTP " + lastStatus + " " + ATTEMPTS
                + " times; the server is failing or limiting requests: try again later");
    }

    private static void backOff(int attempt, String what) {
        try {
            Thread.sleep(FIRST_BACKOFF_MILLIS << (2 * (attempt - 2)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreAccessException(what + " was interrupted", e);
        }
    }

    /** Empty for 404 and 410 (the object is missing); a clear error for anything else. */
    private static <T> Optional<T> missingOrFail(String method, URI u, HttpResponse<InputStream> r) {
        failUnlessMissing(method, u, r);
        return Optional.empty();
    }

    /** Returns for 404 and 410 (the object is missing); throws a clear error for anything else. */
    private static void failUnlessMissing(String method, URI u, HttpResponse<InputStream> r) {
        int s = r.statusCode();
        if (s == 404 || s == 410) {
            return;
        }
        String hint = switch (s) {
            case 401, 403 -> "the server refuses access; this store sends no credentials, so the data must be"
                    + " public (a server in front of S3 may also answer 403 for a missing object when listing is"
                    + " not public; for S3 buckets use s3:// with credentials, or ?anon=true for public ones)";
            case 301, 302, 303, 307, 308 -> "a redirect that was not followed (from https to http?)";
            default -> "an answer this store does not expect";
        };
        throw new StoreAccessException(method + " " + u + " answered HTTP " + s + ": " + hint);
    }

    private static long contentRangeStart(HttpResponse<InputStream> r) {
        String cr = r.headers().firstValue("Content-Range").orElse("");
        // "bytes START-END/TOTAL"
        String t = cr.trim();
        if (t.regionMatches(true, 0, "bytes", 0, 5)) {
            t = t.substring(5).trim();
            int dash = t.indexOf('-');
            if (dash > 0) {
                try {
                    return Long.parseLong(t.substring(0, dash).trim());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
        }
        throw new StoreAccessException("GET " + r.uri() + " answered 206 with Content-Range '" + cr
                + "', which is not 'bytes START-END/TOTAL'");
    }

    private static byte[] readAtMost(InputStream in, long length) throws IOException {
        return in.readNBytes((int) Math.min(length, Integer.MAX_VALUE - 8));
    }

    @Override
    public String toString() {
        return root;
    }
}
