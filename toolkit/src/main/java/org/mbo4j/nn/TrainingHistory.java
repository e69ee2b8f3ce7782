package org.mbo4j.nn;

import java.util.List;

/**
 * Per-epoch mean training loss and validation loss (NaN when there is no validation split), the epoch whose
 * weights were kept (best validation epoch with early stopping, else the last), and whether training stopped
 * early.
 */
public record TrainingHistory(
        List<Double> trainLoss, List<Double> validationLoss, int keptEpoch, boolean stoppedEarly) {
    public TrainingHistory {
        trainLoss = List.copyOf(trainLoss);
        validationLoss = List.copyOf(validationLoss);
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
