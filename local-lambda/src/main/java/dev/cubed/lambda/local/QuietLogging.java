package dev.cubed.lambda.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Jetty, s3proxy and the AWS SDK log at DEBUG through an unconfigured logback, which floods the console
 * and costs seconds. This sets them to WARN, but only when logback is the binding and the application
 * has not given those loggers a level of its own.
 */
final class QuietLogging {

    /** Jetty, s3proxy with the Jetty it shades (org.gaul.shaded...), the AWS SDK s3proxy uses. */
    private static final String[] NOISY = {"org.eclipse.jetty", "org.gaul", "software.amazon.awssdk"};

    private QuietLogging() {
    }

    static void apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (String name : NOISY) {
            Logger logger = context.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARN);
            }
        }
    }
}
