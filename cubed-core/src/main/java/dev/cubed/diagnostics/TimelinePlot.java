package dev.cubed.diagnostics;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cubed's timeline plot: one row per task, sorted by creation, with its four timestamps relative
 * to the computation's start drawn as three segments: waiting (created → function start),
 * running (function start → end, coloured by operation) and returning (end → result received).
 */
final class TimelinePlot {
    /** One task's timestamps in seconds since the computation started. */
    record Task(String operation, double create, double start, double end, double result) {
    }

    private static final Color WAITING = new Color(0xB0, 0xB0, 0xB0);
    private static final Color RETURNING = new Color(0x40, 0x40, 0x40);
    private static final Color[] PALETTE = {
        new Color(0x1F, 0x77, 0xB4), new Color(0xFF, 0x7F, 0x0E), new Color(0x2C, 0xA0, 0x2C),
        new Color(0xD6, 0x27, 0x28), new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B),
        new Color(0xE3, 0x77, 0xC2), new Color(0x7F, 0x7F, 0x7F), new Color(0xBC, 0xBD, 0x22),
        new Color(0x17, 0xBE, 0xCF)};
    private static final int MAX_COLOURED_OPERATIONS = PALETTE.length;

    private TimelinePlot() {
    }

    static void write(List<Task> tasks, String title, Path png, int width, int height) throws IOException {
        XYChart chart = chart(tasks, title, width, height);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    static XYChart chart(List<Task> unsorted, String title, int width, int height) {
        List<Task> tasks = new ArrayList<>(unsorted);
        tasks.sort(Comparator.comparingDouble(Task::create).thenComparing(Task::operation));
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("Time since the computation started (s)").yAxisTitle("Task (in order of creation)").build();
        Styler s = chart.getStyler();
        // tasks climb from bottom left to top right, so the top left corner is free for the legend
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        s.setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xE0, 0xE0, 0xE0));
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisMin(-0.5);
        chart.getStyler().setYAxisMax(Math.max(tasks.size() - 0.5, 0.5));
        chart.getStyler().setYAxisDecimalPattern("#");
        // rows get thinner as tasks get more numerous, but stay visible
        float rowPixels = (float) (height - 160) / Math.max(tasks.size(), 1);
        float stroke = Math.max(1f, Math.min(10f, rowPixels * 0.8f));

        Map<String, Integer> opIndex = new LinkedHashMap<>();
        for (Task t : tasks) {
            opIndex.putIfAbsent(t.operation(), opIndex.size());
        }
        boolean colourByOperation = opIndex.size() <= MAX_COLOURED_OPERATIONS;

        add(chart, "waiting (created → started)", tasks, t -> true, Task::create, Task::start, WAITING, stroke);
        if (colourByOperation) {
            for (Map.Entry<String, Integer> e : opIndex.entrySet()) {
                add(chart, "running " + e.getKey(), tasks, t -> t.operation().equals(e.getKey()), Task::start,
                        Task::end, PALETTE[e.getValue()], stroke);
            }
        } else {
            add(chart, "running", tasks, t -> true, Task::start, Task::end, PALETTE[0], stroke);
        }
        add(chart, "returning (ended → result)", tasks, t -> true, Task::end, Task::result, RETURNING, stroke);
        return chart;
    }

    private interface Field {
        double of(Task t);
    }

    private static void add(XYChart chart, String name, List<Task> tasks, java.util.function.Predicate<Task> which,
                            Field from, Field to, Color colour, float stroke) {
        // one series of disconnected segments: NaN between them breaks the line
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            if (!which.test(t)) {
                continue;
            }
            double a = from.of(t);
            double b = to.of(t);
            // a zero-length segment would not show: give it a hair's width
            xs.add(a);
            xs.add(b > a ? b : a + 1e-4);
            xs.add(Double.NaN);
            ys.add((double) i);
            ys.add((double) i);
            ys.add(Double.NaN);
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(colour);
        series.setLineStyle(new BasicStroke(stroke, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
    }
}
