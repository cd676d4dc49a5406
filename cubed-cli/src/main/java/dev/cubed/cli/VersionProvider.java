package dev.cubed.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version Maven wrote into the jar manifest. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = version();
        return new String[] {"cubed " + (v == null ? "(development build)" : v)};
    }

    /** The release in the jar manifest, or null when running from classes (a development build). */
    static String version() {
        return Main.class.getPackage().getImplementationVersion();
    }
}
