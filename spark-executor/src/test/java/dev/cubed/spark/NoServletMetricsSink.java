package dev.cubed.spark;

import com.codahale.metrics.MetricRegistry;
import org.apache.spark.SparkConf;
import org.apache.spark.metrics.sink.MetricsServlet;
import org.sparkproject.jetty.servlet.ServletContextHandler;

import java.util.Properties;

/**
 * Spark's default metrics servlet without its servlet: a Spark context builds the servlet even with
 * the web UI off, on Spark's Servlet 5 API, while s3proxy in the same test JVM needs Servlet 6
 * (which dropped a class Spark's Jetty loads). The test JVM selects this sink with the system
 * property {@code spark.metrics.conf.*.sink.servlet.class} (surefire's argLine), which every
 * {@code SparkConf} reads; with the web UI off nothing else of Spark touches servlets.
 */
public final class NoServletMetricsSink extends MetricsServlet {
    public NoServletMetricsSink(Properties properties, MetricRegistry registry) {
        super(properties, registry);
    }

    @Override
    public ServletContextHandler[] getHandlers(SparkConf conf) {
        return new ServletContextHandler[0];
    }
}
