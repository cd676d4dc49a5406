package dev.cubed.diagnostics;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A CSV file with a header, written a row at a time (Jackson CSV does the quoting). */
final class CsvTable implements Closeable {
    // quote only cells that need it (by default Jackson quotes every long string)
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private final List<String> columns;
    private final Writer file;
    private final SequenceWriter rows;

    CsvTable(Path path, List<String> columns) throws IOException {
        this.columns = List.copyOf(columns);
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        for (String c : columns) {
            schema.addColumn(c);
        }
        this.file = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        this.rows = MAPPER.writer(schema.build()).writeValues(file);
    }

    /** One row: values in column order (numbers, strings, booleans; null for an empty cell). */
    void row(Object... values) throws IOException {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("a row of " + columns.size() + " columns " + columns + " got "
                    + values.length + " values");
        }
        rows.write(values);
    }

    void flush() throws IOException {
        rows.flush();
    }

    @Override
    public void close() throws IOException {
        rows.close();
        file.close();
    }
}
