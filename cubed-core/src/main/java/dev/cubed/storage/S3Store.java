package dev.cubed.storage;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
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
 *
 * <p>{@link Access} says how requests go out: anonymous ones are unsigned (the client's
 * credentials are never looked up), and requester-pays ones carry
 * {@code x-amz-request-payer: requester}. Missing credentials, access denied, a missing bucket
 * and a bucket in another region fail with a {@link StoreAccessException} that names the bucket
 * and says what to set.
 */
public final class S3Store implements Store {
    private static final int DELETE_BATCH = 1000;

    /**
     * How a store's requests are made.
     *
     * @param anonymous unsigned requests, for public buckets (AWS CLI's {@code --no-sign-request})
     * @param requesterPays the reader pays for requests and transfer (needs credentials)
     */
    public record Access(boolean anonymous, boolean requesterPays) {
        /** Signed with the client's credentials; the bucket owner pays. */
        public static final Access SIGNED = new Access(false, false);

        public Access {
            if (anonymous && requesterPays) {
                throw new IllegalArgumentException("requester pays needs credentials (AWS bills the requester's"
                        + " account), so it cannot be combined with anonymous access");
            }
        }
    }

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final int listPageSize;
    private final Access access;
    private final AwsRequestOverrideConfiguration requestSettings;

    /**
     * @param prefix the key prefix the store's keys live under ("" for the bucket root); leading
     *     and trailing slashes are ignored
     */
    public S3Store(S3Client client, String bucket, String prefix) {
        this(client, bucket, prefix, Access.SIGNED);
    }

    public S3Store(S3Client client, String bucket, String prefix, Access access) {
        this(client, bucket, prefix, access, 1000);
    }

    /** As above, listing {@code listPageSize} keys per ListObjectsV2 page (S3's maximum is 1000). */
    S3Store(S3Client client, String bucket, String prefix, Access access, int listPageSize) {
        this.listPageSize = listPageSize;
        this.access = Objects.requireNonNull(access, "access");
        AwsRequestOverrideConfiguration.Builder settings = AwsRequestOverrideConfiguration.builder();
        if (access.anonymous()) {
            settings.credentialsProvider(AnonymousCredentialsProvider.create());
        }
        if (access.requesterPays()) {
            settings.putHeader("x-amz-request-payer", "requester");
        }
        this.requestSettings = settings.build();
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

    public Access access() {
        return access;
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
        String range = StoreKeys.byteRange(offset, length);
        return length == 0 ? emptyIfExists(key) : fetch(key, range);
    }

    @Override
    public Optional<ByteBuffer> getSuffix(String key, long length) {
        String range = StoreKeys.suffixRange(length);
        return length == 0 ? emptyIfExists(key) : fetch(key, range);
    }

    private Optional<ByteBuffer> emptyIfExists(String key) {
        return exists(key) ? Optional.of(ByteBuffer.allocate(0)) : Optional.empty();
    }

    private Optional<ByteBuffer> fetch(String key, String range) {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(bucket).key(objectKey(key))
                .overrideConfiguration(requestSettings);
        if (range != null) {
            req.range(range);
        }
        try {
            ResponseBytes<GetObjectResponse> r = client.getObjectAsBytes(req.build());
            return Optional.of(ByteBuffer.wrap(r.asByteArrayUnsafe()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !isNoSuchBucket(e)) {
                return Optional.empty();
            }
            if (e.statusCode() == 416) {
                // the range starts past the end of an existing object: no bytes
                return Optional.of(ByteBuffer.allocate(0));
            }
            throw failure(e, "read", key);
        } catch (SdkException e) {
            throw failure(e, "read", key);
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
        try {
            client.putObject(r -> r.bucket(bucket).key(objectKey(key)).contentLength((long) n)
                    .overrideConfiguration(requestSettings), body);
        } catch (SdkException e) {
            throw failure(e, "write", key);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            client.headObject(r -> r.bucket(bucket).key(objectKey(key)).overrideConfiguration(requestSettings));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false; // a HEAD answer has no body, so a missing bucket looks the same
            }
            throw failure(e, "read", key);
        } catch (SdkException e) {
            throw failure(e, "read", key);
        }
    }

    @Override
    public void delete(String key) {
        try {
            client.deleteObject(r -> r.bucket(bucket).key(objectKey(key)).overrideConfiguration(requestSettings));
        } catch (SdkException e) {
            throw failure(e, "delete", key);
        }
    }

    @Override
    public List<String> list(String keyPrefix) {
        List<String> out = new ArrayList<>();
        try {
            for (S3Object o : objects(keyPrefix)) {
                out.add(storeKey(o.key()));
            }
        } catch (SdkException e) {
            throw failure(e, "list", keyPrefix);
        }
        return out;
    }

    @Override
    public Map<String, Long> listSizes(String keyPrefix) {
        Map<String, Long> out = new HashMap<>();
        try {
            for (S3Object o : objects(keyPrefix)) {
                out.put(storeKey(o.key()), o.size());
            }
        } catch (SdkException e) {
            throw failure(e, "list", keyPrefix);
        }
        return out;
    }

    private Iterable<S3Object> objects(String keyPrefix) {
        String p = objectPrefix(keyPrefix);
        String full = prefix.isEmpty() || !keyPrefix.isEmpty() ? p : prefix + "/";
        return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(full).maxKeys(listPageSize)
                .overrideConfiguration(requestSettings)).contents();
    }

    @Override
    public void deletePrefix(String keyPrefix) {
        List<ObjectIdentifier> batch = new ArrayList<>();
        try {
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
        } catch (SdkException e) {
            throw failure(e, "delete", keyPrefix);
        }
    }

    private void deleteBatch(List<ObjectIdentifier> keys) {
        DeleteObjectsResponse r = client.deleteObjects(d -> d.bucket(bucket)
                .delete(Delete.builder().objects(keys).quiet(true).build()).overrideConfiguration(requestSettings));
        if (r.hasErrors() && !r.errors().isEmpty()) {
            throw new IllegalStateException("could not delete " + r.errors().size() + " objects under " + url()
                    + ", e.g. " + r.errors().get(0).key() + ": " + r.errors().get(0).message());
        }
    }

    private static boolean isNoSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    /**
     * What went wrong, said in terms of this bucket and what to set; the SDK's exception where
     * there is nothing to add. A missing credential gives a short message, not the SDK's dump of
     * every provider in its chain (kept as a suppressed exception, for stack traces).
     */
    private RuntimeException failure(SdkException e, String action, String key) {
        String target = key == null || key.isEmpty() ? url() : url() + "/" + key;
        String cannot = "cannot " + action + " " + target + ": ";
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if (isNoSuchBucket(s3)) {
                return new StoreAccessException(cannot + "the bucket '" + bucket + "' does not exist (NoSuchBucket);"
                        + " check the bucket name (and the endpoint, if AWS_ENDPOINT_URL_S3 is set)", e);
            }
            if (s3.statusCode() == 301 || "PermanentRedirect".equals(code)) {
                String region = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().sdkHttpResponse()
                        .firstMatchingHeader("x-amz-bucket-region").orElse(null);
                return new StoreAccessException(cannot + "the bucket '" + bucket + "' is in "
                        + (region == null ? "another region" : "region " + region) + ", not in this client's;"
                        + " set AWS_REGION=" + (region == null ? "<the bucket's region>" : region), e);
            }
            if (s3.statusCode() == 403) {
                return new StoreAccessException(cannot + "access denied (HTTP 403" + (code == null ? "" : " " + code)
                        + ") to bucket '" + bucket + "'" + accessHint(action), e);
            }
            return e;
        }
        java.util.Optional<String> unreachable = ServiceFailure.unreachable(e);
        if (unreachable.isPresent()) {
            return new StoreAccessException(cannot + "the S3 endpoint " + ServiceFailure.endpoint(client) + " cannot be reached ("
                    + unreachable.get() + "); check that it is running and that the endpoint is right"
                    + " (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL for a local S3; cubed local-lambda prints them)", e);
        }
        if (ServiceFailure.missingCredentials(e)) {
            StoreAccessException brief = new StoreAccessException(cannot + "no AWS credentials were found for bucket '"
                    + bucket + "'. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (a profile in"
                    + " ~/.aws/credentials); for a public bucket read anonymously instead (s3://" + bucket
                    + "/...?anon=true, " + Storage.ANONYMOUS_ENV + "=true, or --anon)");
            brief.addSuppressed(e);
            return brief;
        }
        return e;
    }

    private String accessHint(String action) {
        if (access.anonymous()) {
            return "; anonymous requests reach only what the bucket makes public (and S3 answers 403, not 404, for"
                    + " a missing object when listing is not public): if the bucket is not public, use credentials"
                    + " instead of anonymous access";
        }
        String hint = "; check that your credentials may " + action + " in this bucket (S3 answers 403, not 404,"
                + " for a missing object when they may not list it)";
        if (!action.equals("read") && !action.equals("list")) {
            return hint;
        }
        return hint + (access.requesterPays() ? "" : ". For a requester-pays bucket add ?requester_pays=true ("
                + Storage.REQUESTER_PAYS_ENV + "=true, --requester-pays)") + "; for a public bucket read anonymously"
                + " (?anon=true, " + Storage.ANONYMOUS_ENV + "=true, --anon)";
    }

    @Override
    public String toString() {
        return url() + (access.anonymous() ? " (anonymous)" : "") + (access.requesterPays() ? " (requester pays)" : "");
    }
}
