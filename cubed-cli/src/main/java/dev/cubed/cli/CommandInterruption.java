package dev.cubed.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a long command does when the JVM is told to stop (SIGINT, SIGTERM, SIGHUP, or
 * {@link HeapSizing#exitWhenLauncherGone} after a SIGKILL of the launcher): the shutdown hook
 * interrupts the thread running the command, which cancels its computation; the command's own
 * {@code finally} blocks then clean up (the JVM waits for hooks, not for other threads, so the hook
 * waits for that clean-up), and the hook prints one line saying what was interrupted, what was
 * kept and how to resume.
 */
final class CommandInterruption implements AutoCloseable {
    /** Longer than a cancelled task takes to notice, shorter than the launcher's grace period. */
    private static final long CLEANUP_WAIT_SECONDS = 25;

    private final Thread worker;
    private final Thread hook;
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private volatile boolean interrupted;

    private CommandInterruption(Supplier<String> report, PrintStream err) {
        this.worker = Thread.currentThread();
        this.hook = new Thread(() -> {
            interrupted = true;
            worker.interrupt();
            try {
                cleanedUp.await(CLEANUP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.println(report.get());
            err.flush();
        }, "command-interruption");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Watches the calling thread's command until {@link #close}; {@code report} gives the line to
     * print when it is interrupted, called after the command's clean-up.
     */
    static CommandInterruption watch(Supplier<String> report, PrintStream err) {
        return new CommandInterruption(report, err);
    }

    /** Whether the JVM is stopping and interrupted the command (its failure is then the interruption's doing). */
    boolean interrupted() {
        return interrupted;
    }

    /**
     * Clears the interrupt of a stopping JVM, so that the clean-up that follows can do I/O
     * (S3 clients and interruptible channels refuse to work on an interrupted thread).
     */
    void beforeCleanup() {
        if (interrupted) {
            Thread.interrupted();
        }
    }

    /** The command and its clean-up are over. */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it was waiting for the countDown above
        }
    }
}
