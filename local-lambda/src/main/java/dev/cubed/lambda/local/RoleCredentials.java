package dev.cubed.lambda.local;

import java.util.Objects;

/**
 * The credentials Lambda hands a function from its execution role, as the environment variables
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}.
 *
 * @param sessionToken may be null (static keys, as a local S3 endpoint uses)
 */
public record RoleCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public RoleCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("Role credentials need a non-blank access key id and secret key");
        }
    }

    /** Static keys without a session token. */
    public static RoleCredentials of(String accessKeyId, String secretAccessKey) {
        return new RoleCredentials(accessKeyId, secretAccessKey, null);
    }

    @Override
    public String toString() {
        return "RoleCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
}
