package org.mbo4j.nn;

/**
 * One evaluation of a VAE's β-ELBO loss on a batch: the loss and its mean parts, the reconstruction negative
 * log-likelihood and the KL divergence ({@link Vae}, {@link ConvSequenceVae}).
 */
public record Elbo(double loss, double nll, double kl) {}
