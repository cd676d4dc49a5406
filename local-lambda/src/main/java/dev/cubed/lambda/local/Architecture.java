package dev.cubed.lambda.local;

/** The instruction set a function is declared for; a label only, the child JVM runs on the host's. */
public enum Architecture {
    ARM64("arm64"),
    X86_64("x86_64");

    private final String apiName;

    Architecture(String apiName) {
        this.apiName = apiName;
    }

    /** The name the Lambda API uses ({@code arm64}, {@code x86_64}). */
    public String apiName() {
        return apiName;
    }

    /** Parses the Lambda API name. */
    public static Architecture fromApiName(String name) {
        for (Architecture a : values()) {
            if (a.apiName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown architecture '" + name + "': use arm64 or x86_64");
    }
}
