package dev.cubed.plan;

import dev.cubed.primitive.ArrayRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plan ready to run: fused, with every intermediate array placed in storage, a
 * {@code create-arrays} operation first, and each operation's projected memory per task. Plans
 * are data: every operation's {@link dev.cubed.primitive.OperationSpec} is what its tasks need.
 */
public final class FinalizedPlan {
    private final List<PlannedOperation> operations;
    private final List<ArrayRef> outputs;
    private final PlanSettings settings;
    private final String intermediateDir;

    FinalizedPlan(List<PlannedOperation> operations, List<ArrayRef> outputs, PlanSettings settings,
                  String intermediateDir) {
        this.operations = List.copyOf(operations);
        this.outputs = List.copyOf(outputs);
        this.settings = settings;
        this.intermediateDir = intermediateDir;
    }

    /** Operations in an order that respects dependencies; {@code create-arrays} first. */
    public List<PlannedOperation> operations() {
        return operations;
    }

    public PlannedOperation operation(String name) {
        for (PlannedOperation op : operations) {
            if (op.name().equals(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("no operation named " + name);
    }

    /** Where each requested array can be read once the plan has run, in request order. */
    public List<ArrayRef> outputs() {
        return outputs;
    }

    public PlanSettings settings() {
        return settings;
    }

    /** The directory under the work dir that holds this plan's intermediate arrays. */
    public String intermediateDir() {
        return intermediateDir;
    }

    public long totalTasks() {
        long n = 0;
        for (PlannedOperation op : operations) {
            n += op.numTasks();
        }
        return n;
    }

    public long maxProjectedMem() {
        long m = 0;
        for (PlannedOperation op : operations) {
            m = Math.max(m, op.projectedMem());
        }
        return m;
    }

    /** Operations whose projected memory per task exceeds the allowed memory. */
    public List<PlannedOperation> overLimit() {
        List<PlannedOperation> out = new ArrayList<>();
        for (PlannedOperation op : operations) {
            if (op.projectedMem() > settings.allowedMem()) {
                out.add(op);
            }
        }
        return out;
    }

    /** Throws {@link MemoryLimitException} for the first operation over the limit. */
    public void checkMemory() {
        for (PlannedOperation op : overLimit()) {
            throw new MemoryLimitException(op.name(), op.label(), op.projectedMem(), settings.allowedMem(),
                    settings.reservedMem());
        }
    }

    /** A table of operations, tasks and projected memory, with the offenders marked. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s %-40s %10s %14s%n", "op", "what", "tasks", "projected mem"));
        for (PlannedOperation op : operations) {
            String label = op.label().length() > 40 ? op.label().substring(0, 37) + "..." : op.label();
            sb.append(String.format(Locale.ROOT, "%-8s %-40s %10d %14s%s%n", op.name(), label, op.numTasks(),
                    MemorySize.format(op.projectedMem()),
                    op.projectedMem() > settings.allowedMem() ? "  OVER allowed_mem" : ""));
        }
        sb.append(String.format(Locale.ROOT, "%d operations, %d tasks, max projected memory %s of allowed %s "
                        + "(reserved %s)%n", operations.size(), totalTasks(), MemorySize.format(maxProjectedMem()),
                MemorySize.format(settings.allowedMem()), MemorySize.format(settings.reservedMem())));
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
