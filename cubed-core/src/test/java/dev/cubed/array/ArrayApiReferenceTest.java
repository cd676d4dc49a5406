package dev.cubed.array;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/array-api.md, "Every public function", lists each public method of {@link Cubed} and
 * {@link LazyArray} and each static function of {@link Index}: compared here with the classes by
 * name and parameter types (generics erased, varargs as arrays), both ways.
 */
class ArrayApiReferenceTest {
    private static final Path DOC = Path.of("..", "docs", "array-api.md");
    private static final Pattern SECTION = Pattern.compile("^### `(\\w+)`", Pattern.MULTILINE);
    private static final Pattern ENTRY = Pattern.compile("^- `(?:static )?[\\w<>\\[\\], .?]+? (\\w+)\\(([^)]*)\\)`",
            Pattern.MULTILINE);

    @Test
    void theReferenceListsEveryPublicFunctionAndNothingElse() throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("## Every public function");
        assertThat(start).as("the section in %s", DOC).isNotNegative();
        Map<String, TreeSet<String>> documented = documented(doc.substring(start));
        Map<String, Class<?>> classes = Map.of("Cubed", Cubed.class, "LazyArray", LazyArray.class,
                "Index", Index.class);
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(classes.keySet());
        classes.forEach((name, type) -> assertThat(documented.get(name))
                .as("docs/array-api.md's list for %s (a line per public method: add the new ones, drop the gone ones)",
                        name)
                .containsExactlyInAnyOrderElementsOf(declared(type)));
    }

    private static Map<String, TreeSet<String>> documented(String section) {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        Matcher headings = SECTION.matcher(section);
        List<int[]> bounds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (headings.find()) {
            names.add(headings.group(1));
            bounds.add(new int[] {headings.end(), section.length()});
            if (bounds.size() > 1) {
                bounds.get(bounds.size() - 2)[1] = headings.start();
            }
        }
        for (int i = 0; i < names.size(); i++) {
            TreeSet<String> entries = new TreeSet<>();
            Matcher m = ENTRY.matcher(section.substring(bounds.get(i)[0], bounds.get(i)[1]));
            while (m.find()) {
                entries.add(m.group(1) + "(" + String.join(", ", parameterTypes(m.group(2))) + ")");
            }
            out.put(names.get(i), entries);
        }
        return out;
    }

    /** The types of a source parameter list, generics erased: {@code List<LazyArray> a, long... b} gives List, long[]. */
    private static List<String> parameterTypes(String params) {
        List<String> types = new ArrayList<>();
        String erased = params.replaceAll("<[^<>]*(<[^<>]*>[^<>]*)*>", "").strip();
        if (erased.isEmpty()) {
            return types;
        }
        for (String p : erased.split(",")) {
            String decl = p.strip();
            String type = decl.substring(0, decl.lastIndexOf(' ')).strip().replace("...", "[]");
            types.add(type);
        }
        return types;
    }

    private static TreeSet<String> declared(Class<?> type) {
        TreeSet<String> out = new TreeSet<>();
        for (Method m : type.getDeclaredMethods()) {
            int mod = m.getModifiers();
            boolean api = type.isInterface() ? Modifier.isStatic(mod) && Modifier.isPublic(mod) : Modifier.isPublic(mod);
            if (!api || m.isSynthetic() || m.isBridge()) {
                continue;
            }
            List<String> params = new ArrayList<>();
            for (Class<?> p : m.getParameterTypes()) {
                params.add(p.getSimpleName());
            }
            out.add(m.getName() + "(" + String.join(", ", params) + ")");
        }
        return out;
    }
}
