package dev.cubed.cli;

import dev.cubed.storage.Storage;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --anon} and {@code --requester-pays} for a command's input URL. They become the URL's
 * {@code ?anon=true} / {@code ?requester_pays=true}, so they apply to that URL only (a copy's
 * destination is still written with credentials) and travel with a plan to every worker.
 * {@code CUBED_S3_ANONYMOUS=true} and {@code CUBED_S3_REQUESTER_PAYS=true} do the same for every
 * s3:// URL a command opens.
 */
final class S3AccessOptions {
    @Option(names = {"--anon", "--no-sign-request"},
            description = "Read s3:// input with unsigned requests, for public buckets: no credentials needed"
                    + " (the same as ?anon=true in the URL, or CUBED_S3_ANONYMOUS=true)")
    boolean anonymous;

    @Option(names = "--requester-pays",
            description = "Read an s3:// input from a requester-pays bucket: your account pays for requests and transfer"
                    + " (the same as ?requester_pays=true in the URL, or CUBED_S3_REQUESTER_PAYS=true)")
    boolean requesterPays;

    /** The URL with the chosen parameters added when it is an s3:// URL; other URLs unchanged. */
    String apply(String url) {
        if (!url.toLowerCase(Locale.ROOT).startsWith("s3://")) {
            return url;
        }
        String out = url;
        if (anonymous) {
            out = withParameter(out, Storage.ANON_PARAMETER);
        }
        if (requesterPays) {
            out = withParameter(out, Storage.REQUESTER_PAYS_PARAMETER);
        }
        return out;
    }

    private static String withParameter(String url, String name) {
        return url + (url.indexOf('?') < 0 ? "?" : "&") + name + "=true";
    }
}
