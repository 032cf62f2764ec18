package org.tangent4j.examples.cli;

import java.util.List;

/** The registry of subcommands, in the order {@code --help} lists them. */
final class Subcommands {
    private Subcommands() {
    }

    static List<Object> all() {
        return List.of(new DemoCommand(), new org.tangent4j.examples.cnn.CnnKernelsCommand(), new org.tangent4j.examples.resnet.ResNetKernelsCommand(), new org.tangent4j.examples.ntk.NtkConvergenceCommand(), new org.tangent4j.examples.functionspace.FunctionalGdCommand(),
                new org.tangent4j.examples.functionspace.GpPosteriorCommand(), new KernelCommand(), new RegressCommand(), new TrainCommand(), new PredictCommand(),
                new org.tangent4j.examples.custom.CustomArchitectureCommand(),
                new org.tangent4j.examples.randomfeatures.RandomFeaturesCommand(),
                new org.tangent4j.examples.evolution.FunctionEvolutionCommand(),
                new org.tangent4j.examples.drift.KernelDriftCommand(),
                new org.tangent4j.examples.limits.InfiniteWidthCommand(),
                new org.tangent4j.examples.customcost.CustomCostCommand(), new org.tangent4j.examples.fashion.FashionMnistCommand(),
                new BenchCommand());
    }
}
