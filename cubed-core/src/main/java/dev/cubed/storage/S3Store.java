package dev.cubed.storage;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store under a key prefix of an S3 bucket. Every S3 PUT is atomic, so {@link #put} is one
 * PutObject; ranges and suffixes are HTTP Range requests; listings page through ListObjectsV2.
 * The client belongs to the caller (usually a {@link Storage}), which closes it.
 */
public final class S3Store implements Store {
    private static final int DELETE_BATCH = 1000;

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final int listPageSize;

    /**
     * @param prefix the key prefix the store's keys live under ("" for the bucket root); leading
     *     and trailing slashes are ignored
     */
    public S3Store(S3Client client, String bucket, String prefix) {
        this(client, bucket, prefix, 1000);
    }

    /** As above, listing {@code listPageSize} keys per ListObjectsV2 page (S3's maximum is 1000). */
    S3Store(S3Client client, String bucket, String prefix, int listPageSize) {
        this.listPageSize = listPageSize;
        this.client = Objects.requireNonNull(client, "client");
        if (bucket == null || bucket.isEmpty() || bucket.contains("/")) {
            throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name");
        }
        this.bucket = bucket;
        String p = prefix == null ? "" : prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        this.prefix = p;
    }

    public String bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public String url() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    private String objectKey(String key) {
        StoreKeys.checkKey(key);
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    private String objectPrefix(String keyPrefix) {
        StoreKeys.checkPrefix(keyPrefix);
        return prefix.isEmpty() ? keyPrefix : prefix + "/" + keyPrefix;
    }

    private String storeKey(String objectKey) {
        return prefix.isEmpty() ? objectKey : objectKey.substring(prefix.length() + 1);
    }

    @Override
    public Optional<ByteBuffer> get(String key) {
        return fetch(key, null);
    }

    @Override
    public Optional<ByteBuffer> getRange(String key, long offset, long length) {
        StoreKeys.clip(0, offset, length);
        if (length == 0) {
            return exists(key) ? Optional.of(ByteBuffer.allocate(0)) : Optional.empty();
        }
        long last = offset + length - 1 < 0 ? Long.MAX_VALUE : offset + length - 1;
        return fetch(key, "bytes=" + offset + "-" + last);
    }

    @Override
    public Optional<ByteBuffer> getSuffix(String key, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("suffix length " + length + " must be >= 0");
        }
        if (length == 0) {
            return exists(key) ? Optional.of(ByteBuffer.allocate(0)) : Optional.empty();
        }
        return fetch(key, "bytes=-" + length);
    }

    private Optional<ByteBuffer> fetch(String key, String range) {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(bucket).key(objectKey(key));
        if (range != null) {
            req.range(range);
        }
        try {
            ResponseBytes<GetObjectResponse> r = client.getObjectAsBytes(req.build());
            return Optional.of(ByteBuffer.wrap(r.asByteArrayUnsafe()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            if (e.statusCode() == 416) {
                // the range starts past the end of an existing object: no bytes
                return Optional.of(ByteBuffer.allocate(0));
            }
            throw e;
        }
    }

    @Override
    public void put(String key, ByteBuffer value) {
        ByteBuffer b = value.duplicate();
        int n = b.remaining();
        RequestBody body = b.hasArray()
                ? RequestBody.fromContentProvider(
                        () -> new ByteArrayInputStream(b.array(), b.arrayOffset() + b.position(), n), n,
                        "application/octet-stream")
                : RequestBody.fromRemainingByteBuffer(b);
        client.putObject(r -> r.bucket(bucket).key(objectKey(key)).contentLength((long) n), body);
    }

    @Override
    public boolean exists(String key) {
        try {
            client.headObject(r -> r.bucket(bucket).key(objectKey(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) {
        client.deleteObject(r -> r.bucket(bucket).key(objectKey(key)));
    }

    @Override
    public List<String> list(String keyPrefix) {
        List<String> out = new ArrayList<>();
        for (S3Object o : objects(keyPrefix)) {
            out.add(storeKey(o.key()));
        }
        return out;
    }

    @Override
    public Map<String, Long> listSizes(String keyPrefix) {
        Map<String, Long> out = new HashMap<>();
        for (S3Object o : objects(keyPrefix)) {
            out.put(storeKey(o.key()), o.size());
        }
        return out;
    }

    private Iterable<S3Object> objects(String keyPrefix) {
        String p = objectPrefix(keyPrefix);
        String full = prefix.isEmpty() || !keyPrefix.isEmpty() ? p : prefix + "/";
        return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(full).maxKeys(listPageSize)).contents();
    }

    @Override
    public void deletePrefix(String keyPrefix) {
        List<ObjectIdentifier> batch = new ArrayList<>();
        for (S3Object o : objects(keyPrefix)) {
            batch.add(ObjectIdentifier.builder().key(o.key()).build());
            if (batch.size() == DELETE_BATCH) {
                deleteBatch(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            deleteBatch(batch);
        }
    }

    private void deleteBatch(List<ObjectIdentifier> keys) {
        DeleteObjectsResponse r = client.deleteObjects(d -> d.bucket(bucket)
                .delete(Delete.builder().objects(keys).quiet(true).build()));
        if (r.hasErrors() && !r.errors().isEmpty()) {
            throw new IllegalStateException("could not delete " + r.errors().size() + " objects under " + url()
                    + ", e.g. " + r.errors().get(0).key() + ": " + r.errors().get(0).message());
        }
    }

    @Override
    public String toString() {
        return url();
    }
}
