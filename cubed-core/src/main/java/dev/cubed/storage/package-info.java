/**
 * Stores by URL: {@link dev.cubed.storage.Storage} opens a path or {@code file://},
 * {@code s3://}, {@code https://} or {@code memory://} URL as a {@link dev.cubed.storage.Store}
 * (get, byte ranges, put, list, delete), with one set of clients per {@code Storage}.
 *
 * <p>May import: nothing of the project (only the JDK and its libraries).
 */
package dev.cubed.storage;
