package org.mbo4j.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-epoch mean training loss and validation loss (NaN when there is no validation split), the epoch whose
 * weights were kept (best validation epoch with early stopping, else the last), whether training stopped early, and
 * the loss's named parts per epoch ({@link TrainingLoss#epochMetrics()}, e.g. {@code nll} and {@code kl} of a VAE;
 * NaN for an epoch that did not report one, such as the epochs before a resumed checkpoint).
 *
 * @param metrics name to one value per epoch (as long as {@code trainLoss}), in the order the loss reported them
 */
public record TrainingHistory(
        List<Double> trainLoss,
        List<Double> validationLoss,
        int keptEpoch,
        boolean stoppedEarly,
        Map<String, List<Double>> metrics) {
    public TrainingHistory {
        trainLoss = List.copyOf(trainLoss);
        validationLoss = List.copyOf(validationLoss);
        Map<String, List<Double>> m = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : metrics.entrySet()) {
            if (e.getValue().size() != trainLoss.size()) {
                throw new IllegalArgumentException("metric '" + e.getKey() + "' has "
                        + e.getValue().size() + " values for " + trainLoss.size() + " epochs");
            }
            m.put(e.getKey(), List.copyOf(e.getValue()));
        }
        metrics = Collections.unmodifiableMap(m);
    }

    /** A history without named parts. */
    public TrainingHistory(List<Double> trainLoss, List<Double> validationLoss, int keptEpoch, boolean stoppedEarly) {
        this(trainLoss, validationLoss, keptEpoch, stoppedEarly, Map.of());
    }

    /** Number of epochs run. */
    public int epochs() {
        return trainLoss.size();
    }

    /** Training loss of the last epoch. */
    public double finalTrainLoss() {
        return trainLoss.get(trainLoss.size() - 1);
    }
}
