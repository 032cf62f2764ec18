package org.tangent4j.examples.cli;

import java.util.concurrent.Callable;
import org.tangent4j.examples.functionspace.FunctionalGdCommand;
import org.tangent4j.examples.functionspace.GpPosteriorCommand;
import org.tangent4j.examples.ntk.NtkConvergenceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The headline demo: the NTK paper's Figure 1 (ntk-convergence), then the function-space basics (functional-gd,
 * gp-posterior), each with its default settings, plots and tables under out/.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The headline demo: NTK convergence (paper Fig. 1), functional gradient descent and a GP posterior (plots in out/).")
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        int status = 0;
        Object[][] parts = {
            {"ntk-convergence: empirical NTKs of finite ReLU networks against the infinite-width limit", new NtkConvergenceCommand()},
            {"functional-gd: gradient descent in parameter space and in function space", new FunctionalGdCommand()},
            {"gp-posterior: Gaussian process regression with RBF, NNGP and NTK kernels", new GpPosteriorCommand()},
        };
        for (Object[] part : parts) {
            System.out.println("== " + part[0]);
            status = Math.max(status, new CommandLine(part[1]).execute());
            System.out.println();
        }
        return status;
    }
}
