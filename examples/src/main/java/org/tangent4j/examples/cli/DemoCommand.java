package org.tangent4j.examples.cli;

import java.util.concurrent.Callable;
import org.tangent4j.examples.functionspace.FunctionalGdCommand;
import org.tangent4j.examples.functionspace.GpPosteriorCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headline demo. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The headline demo: functional gradient descent reaching kernel ridge regression, and a GP posterior (plots in out/).")
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println("== functional-gd: gradient descent in parameter space and in function space");
        int a = new CommandLine(new FunctionalGdCommand()).execute();
        System.out.println();
        System.out.println("== gp-posterior: Gaussian process regression");
        int b = new CommandLine(new GpPosteriorCommand()).execute();
        return Math.max(a, b);
    }
}
