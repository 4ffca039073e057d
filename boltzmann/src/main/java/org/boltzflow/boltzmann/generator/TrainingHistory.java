package org.boltzflow.boltzmann.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.flows.training.StepReport;

/**
 * What each training step did (loss, gradient norm, learning rate, skipped or not, the batch's reverse ESS and the
 * energy evaluations so far), kept for the training-curve plot and written as {@code history.csv} beside each
 * checkpoint so that a resumed run continues the same curve.
 */
public final class TrainingHistory {
    private static final String HEADER = "step,phase,loss,grad_norm,learning_rate,skipped,batch_ess,energy_evaluations";

    /** One row. */
    public record Row(long step, String phase, double loss, double gradNorm, double learningRate, boolean skipped,
            double batchEss, long energyEvaluations) {}

    private final List<Row> rows = new ArrayList<>();

    /** Records one step. */
    public void add(StepReport report, String phase, double batchEss, long energyEvaluations) {
        rows.add(new Row(report.step(), phase, report.loss(), report.gradNorm(), report.learningRate(),
                report.skipped(), batchEss, energyEvaluations));
    }

    /** The rows so far, in step order. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The energy evaluations recorded by the last row (0 if none). */
    public long energyEvaluations() {
        return rows.isEmpty() ? 0 : rows.get(rows.size() - 1).energyEvaluations();
    }

    /** The number of skipped (non-finite) steps. */
    public long skippedSteps() {
        return rows.stream().filter(Row::skipped).count();
    }

    /** Writes {@code history.csv} atomically. */
    public void write(Path file) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            csv.append(r.step()).append(',').append(r.phase()).append(',').append(r.loss()).append(',')
                    .append(r.gradNorm()).append(',').append(r.learningRate()).append(',').append(r.skipped())
                    .append(',').append(r.batchEss()).append(',').append(r.energyEvaluations()).append('\n');
        }
        AtomicFiles.writeString(file, csv.toString());
    }

    /** Replaces the rows by those of {@code file} with step below {@code nextStep}; the file must cover them all. */
    public void readUpTo(Path file, long nextStep) throws IOException {
        rows.clear();
        if (nextStep == 0) {
            return;
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": line 1 is not the training-history header '" + HEADER + "'");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            try {
                Row row = new Row(Long.parseLong(f[0]), f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), Boolean.parseBoolean(f[5]), Double.parseDouble(f[6]),
                        Long.parseLong(f[7]));
                if (row.step() < nextStep) {
                    rows.add(row);
                }
            } catch (RuntimeException e) {
                throw new IOException(file + ": line " + (i + 1) + " is not a history row: " + lines.get(i), e);
            }
        }
        if (rows.size() != nextStep) {
            throw new IOException(file + ": holds " + rows.size() + " steps, the checkpoint expects " + nextStep);
        }
    }
}
