package dev.cubed.infra.check;

import java.util.Objects;

/**
 * One line of a check's report: what was checked, how it went, what was seen, and (unless it
 * passed) what to do next.
 */
public record CheckItem(Status status, String name, String detail, String nextStep) {

    /** How a check went. */
    public enum Status {
        PASS("ok"), WARN("warn"), FAIL("FAIL"), SKIP("skip");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public CheckItem {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(name, "name");
        detail = detail == null ? "" : detail;
        nextStep = nextStep == null ? "" : nextStep;
    }

    static CheckItem pass(String name, String detail) {
        return new CheckItem(Status.PASS, name, detail, "");
    }

    static CheckItem warn(String name, String detail, String nextStep) {
        return new CheckItem(Status.WARN, name, detail, nextStep);
    }

    static CheckItem fail(String name, String detail, String nextStep) {
        return new CheckItem(Status.FAIL, name, detail, nextStep);
    }

    static CheckItem skip(String name, String why) {
        return new CheckItem(Status.SKIP, name, why, "");
    }
}
