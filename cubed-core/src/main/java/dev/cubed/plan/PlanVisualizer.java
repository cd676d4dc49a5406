package dev.cubed.plan;

import dev.cubed.primitive.ArrayRef;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.primitive.StoredArray;
import dev.cubed.primitive.VirtualArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Draws a finalised plan as a Graphviz graph: operations (what they do, tasks, projected memory;
 * red when over the budget) and the arrays between them (shape, chunks, type, where stored).
 * Writes DOT, and SVG too when the {@code dot} program is installed.
 */
public final class PlanVisualizer {
    private PlanVisualizer() {
    }

    /** The plan in DOT. */
    public static String toDot(FinalizedPlan plan) {
        StringBuilder sb = new StringBuilder("digraph cubed {\n  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
        Map<String, String> arrayIds = new LinkedHashMap<>();
        long allowed = plan.settings().allowedMem();
        for (PlannedOperation op : plan.operations()) {
            if (op.isCreateArrays()) {
                continue;
            }
            boolean over = op.projectedMem() > allowed;
            sb.append("  \"").append(op.name()).append("\" [shape=box, style=\"rounded,filled\", fillcolor=\"")
                    .append(over ? "#f4a6a6" : "#dbe8f7").append("\", label=\"").append(op.name()).append("\\n")
                    .append(escape(op.label())).append("\\ntasks: ").append(op.numTasks())
                    .append("\\nprojected: ").append(MemorySize.format(op.projectedMem())).append("\"];\n");
            ComputeSpec spec = (ComputeSpec) op.spec();
            for (ArrayRef in : spec.inputs()) {
                String id = arrayNode(sb, arrayIds, in);
                sb.append("  \"").append(id).append("\" -> \"").append(op.name()).append("\";\n");
            }
            for (ComputeSpec.Output o : spec.outputs()) {
                String out = arrayNode(sb, arrayIds, o.array());
                sb.append("  \"").append(op.name()).append("\" -> \"").append(out).append("\";\n");
            }
        }
        sb.append("  label=\"").append(plan.operations().size()).append(" operations, ").append(plan.totalTasks())
                .append(" tasks, max projected ").append(MemorySize.format(plan.maxProjectedMem())).append(" of ")
                .append(MemorySize.format(allowed)).append("\";\n}\n");
        return sb.toString();
    }

    private static String arrayNode(StringBuilder sb, Map<String, String> ids, ArrayRef ref) {
        String key = ref instanceof StoredArray s ? s.url() : ref.toString();
        String existing = ids.get(key);
        if (existing != null) {
            return existing;
        }
        String id = "a" + ids.size();
        ids.put(key, id);
        String where = ref instanceof StoredArray s ? s.url().substring(s.url().lastIndexOf('/') + 1)
                : "virtual " + ((VirtualArray) ref).kernel();
        sb.append("  \"").append(id).append("\" [shape=note, label=\"").append(escape(where)).append("\\n")
                .append(Arrays.toString(ref.grid().shape())).append(" chunks ").append(Arrays.toString(ref.grid().chunks()))
                .append("\\n").append(escape(ref.type().toString())).append("\"];\n");
        return id;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * Writes {@code file} (DOT; a {@code .svg} name writes both the {@code .dot} and, when Graphviz
     * is installed, the SVG). Returns the files written.
     */
    public static List<Path> write(FinalizedPlan plan, Path file) {
        String name = file.getFileName().toString();
        Path dot = name.endsWith(".svg") ? file.resolveSibling(name.substring(0, name.length() - 4) + ".dot") : file;
        List<Path> written = new ArrayList<>();
        try {
            if (dot.getParent() != null) {
                Files.createDirectories(dot.getParent());
            }
            Files.writeString(dot, toDot(plan));
            written.add(dot);
            Path svg = dot.resolveSibling(dot.getFileName().toString().replaceAll("\\.dot$", "") + ".svg");
            if (renderSvg(dot, svg)) {
                written.add(svg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plan to " + file, e);
        }
        return written;
    }

    private static boolean renderSvg(Path dot, Path svg) {
        try {
            Process p = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), dot.toString())
                    .redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false; // Graphviz not installed: the DOT file is still there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
