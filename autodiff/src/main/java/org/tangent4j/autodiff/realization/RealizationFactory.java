package org.tangent4j.autodiff.realization;

/**
 * A random initialisation scheme: seed -&gt; an independently initialised realization of one architecture
 * (e.g. {@code seed -> DenseNetworks.realize(stack, d, n, k, seed)}). Used to average over initialisations.
 */
@FunctionalInterface
public interface RealizationFactory {

    /** The realization drawn with this seed; the same seed gives the same parameters. */
    RealizationFunction realize(long seed);
}
