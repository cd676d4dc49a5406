package dev.cubed.diagnostics;

import dev.cubed.plan.MemorySize;
import dev.cubed.runtime.PeakMemoryScope;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per operation, the projected memory of a task next to the largest measured peak (values
 * written on the bars, so small projections stay readable), with the allowed memory as a dashed
 * line: how much of its budget each operation used, and which went over.
 */
final class MemoryPlot {
    private static final Color PROJECTED = new Color(0x1F, 0x77, 0xB4);
    private static final Color MEASURED = new Color(0xFF, 0x7F, 0x0E);
    private static final Color LIMIT = new Color(0xD6, 0x27, 0x28);

    private MemoryPlot() {
    }

    static void write(List<OperationStats> stats, int workers, String title, Path png, int width, int height)
            throws IOException {
        CategoryChart chart = chart(stats, workers, title, width, height);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    static CategoryChart chart(List<OperationStats> stats, int workers, String title, int width, int height) {
        List<String> ops = new ArrayList<>();
        List<Double> projected = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        boolean processWide = false;
        long allowed = 0;
        double top = 0;
        for (OperationStats st : stats) {
            ops.add(st.operation());
            projected.add(mb(st.projectedMem()));
            measured.add(st.peakMemEndMax() >= 0 ? mb(st.peakMemEndMax()) : 0.0);
            allowed = Math.max(allowed, st.allowedMem());
            processWide |= st.peakMemScope() == PeakMemoryScope.PROCESS;
            top = Math.max(top, Math.max(mb(st.projectedMem()), mb(st.peakMemEndMax())));
        }
        long budget = processWide && workers > 1 ? allowed * workers : allowed;
        top = Math.max(top, mb(budget));

        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("Operation").yAxisTitle("Memory (MB)").build();
        CategoryStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartBackgroundColor(Color.WHITE);
        s.setYAxisMin(0.0);
        s.setYAxisMax(top * 1.12);
        s.setYAxisDecimalPattern("#,##0");
        s.setOverlapped(false);
        s.setLabelsVisible(true);
        s.setLabelsFontColorAutomaticEnabled(false);
        s.setLabelsFontColor(Color.BLACK);
        s.setLabelsPosition(1.0);
        s.setDecimalPattern(top >= 100 ? "#,##0" : "#,##0.0");
        s.setAnnotationLineColor(LIMIT);
        s.setAnnotationLineStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {8f, 5f}, 0f));
        s.setAnnotationTextFontColor(LIMIT);

        CategorySeries p = chart.addSeries("projected per task", ops, projected);
        p.setFillColor(PROJECTED);
        CategorySeries m = chart.addSeries(processWide
                ? "measured: peak RSS of the whole process during the operation (all workers and the JVM)"
                : "measured: peak RSS per task (max over tasks)", ops, measured);
        m.setFillColor(MEASURED);

        chart.addAnnotation(new AnnotationLine(mb(allowed), false, false));
        chart.addAnnotation(new AnnotationText("allowed_mem " + MemorySize.format(allowed), 0.3,
                mb(allowed) + top * 0.025, false));
        if (budget != allowed) {
            chart.addAnnotation(new AnnotationLine(mb(budget), false, false));
            chart.addAnnotation(new AnnotationText("allowed_mem × " + workers + " workers " + MemorySize.format(budget),
                    0.3, mb(budget) + top * 0.025, false));
        }
        return chart;
    }

    private static double mb(long bytes) {
        return bytes / 1e6;
    }
}
