package dev.cubed.task;

/**
 * A task message or reply of a version this build does not understand: the client and the worker
 * come from different releases. Nothing is run; retrying cannot help.
 */
public final class IncompatibleMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public IncompatibleMessageException(String message) {
        super(message);
    }

    static String forWorker(int sent) {
        return "this worker understands task message version " + TaskMessage.VERSION + "; the client sent " + sent
                + ": deploy a worker built from the same release as the client";
    }

    static String forClient(int sent) {
        return "this client understands task reply version " + TaskMessage.VERSION + "; the worker sent " + sent
                + ": deploy a worker built from the same release as the client";
    }
}
