package dev.cubed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every package of cubed-core's main sources has a {@code package-info.java} whose last paragraph,
 * "May import: ...", lists the project packages its classes may use, and they use no other (imports,
 * static imports and fully qualified names, Javadoc links included). docs/architecture.md draws the
 * same layers.
 */
class PackageRulesTest {
    private static final Path MAIN = Path.of("src", "main", "java");
    private static final Pattern RULE = Pattern.compile("May import:(.*?)\\*/", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\{@code\\s+(dev\\.cubed[\\w.]*)}");
    /** A reference to a class of the project: its package is everything before the first capitalised part. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.cubed(?:\\.[a-z]\\w*)+)\\.[A-Z]");

    @Test
    void everyPackageSaysWhatItHoldsAndImportsOnlyWhatItSays() throws IOException {
        List<Path> packages;
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            packages = dirs.filter(Files::isDirectory).filter(PackageRulesTest::holdsSources).sorted().toList();
        }
        assertThat(packages).hasSizeGreaterThan(15);
        TreeMap<String, Set<String>> violations = new TreeMap<>();
        for (Path dir : packages) {
            String pkg = MAIN.relativize(dir).toString().replace(java.io.File.separatorChar, '.');
            Path info = dir.resolve("package-info.java");
            assertThat(info).as("package %s needs a package-info.java saying what it holds and may import", pkg)
                    .exists();
            Set<String> allowed = allowed(Files.readString(info), pkg);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = REFERENCE.matcher(Files.readString(file));
                    while (m.find()) {
                        String used = m.group(1);
                        if (!used.equals(pkg) && !allowed.contains(used)) {
                            violations.computeIfAbsent(pkg + " (" + file.getFileName() + ")", k -> new TreeSet<>())
                                    .add(used);
                        }
                    }
                }
            }
        }
        assertThat(violations).as("project packages used but not allowed by the package's package-info.java"
                + " (allow them there if the layering in docs/architecture.md permits, else remove the use)").isEmpty();
    }

    private static Set<String> allowed(String packageInfo, String pkg) {
        Matcher rule = RULE.matcher(packageInfo);
        assertThat(rule.find()).as("package-info.java of %s: a last paragraph \"May import: ...\"", pkg).isTrue();
        String text = rule.group(1);
        Set<String> out = new TreeSet<>();
        if (text.contains("nothing of the project")) {
            return out;
        }
        Matcher code = CODE.matcher(text);
        while (code.find()) {
            out.add(code.group(1));
        }
        assertThat(out).as("the packages %s may import", pkg).isNotEmpty();
        return out;
    }

    private static boolean holdsSources(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
