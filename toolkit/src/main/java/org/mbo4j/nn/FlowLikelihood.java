package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * RGD's log-likelihood estimate of rows under a conditional score network ({@code GGchen1997/RGD} at c8ab225,
 * {@code likelihood.py} 57-131, after Song et al.'s {@code score_sde}): the rows of one group, with their conditions,
 * are integrated jointly along
 * <pre>
 *   dx/dt = −½β(T − t)·s(x, T − t, y) − ½β(T − t)·x,      d(Δ)/dt = εᵀ(∂(dx/dt)/∂x)ε    (per row)
 * </pre>
 * from t = 10⁻⁵ to T, and the estimate is log N(x_end; 0, I) + Δ_end: the negated guided drift {@code mu_ode} at ω = 0
 * ({@code drift_fn}, lines 76-77; its time argument is the sampler's, so the network sees T − t), and the
 * Hutchinson–Skilling divergence with one Gaussian ε per group, shared by its rows ({@code hutchinson_type='Gaussian'},
 * lines 98-100). The integrator is SciPy's {@code solve_ivp(method="RK23")} as the authors call it (line 122):
 * Bogacki–Shampine 3(2) with SciPy's error control (tolerances {@code rtol·0.1} and {@code atol·0.1}, i.e. 10⁻⁶;
 * the error norm is the root mean square over the group's whole state, positions and Δ together; safety 0.9, step
 * factors in [0.2, 10], no growth right after a rejection, SciPy's initial-step rule) and the authors' stop event
 * ({@code StopCondition(max_nfev=500)}, lines 45-56): the event counts its own calls, one at the start and one
 * after each step, and turns from 1 to 0 after 500 calls; SciPy then locates the event at the previous step's end
 * (its root finder sees 0 at the bracket's left end), so a group stops after at most 499 steps, where it is, and
 * its estimate is taken there.
 *
 * <p>Groups are independent systems with their own step sizes; they advance in lock-step rounds so that each stage
 * of every active group is one batched network evaluation (per-row times), the same numbers as integrating the groups
 * one after another. The network runs in its own type (RGD: float32), the state in double, as the authors' solver.
 */
public final class FlowLikelihood {
    /** t₀ ({@code eps=1e-5}, line 58). */
    public static final double START = 1e-5;
    /** rtol and atol as passed ({@code rtol * 0.1}, {@code atol * 0.1} of 1e-5, line 122). */
    public static final double TOLERANCE = 1e-6;
    /** Calls of the stop event before it fires ({@code max_nfev=500}, line 121). */
    public static final int MAX_EVENTS = 500;

    private static final double SAFETY = 0.9;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 10;
    private static final double ERROR_EXPONENT = -1.0 / 3; // −1/(error order 2 + 1)
    private static final double[] C = {0, 0.5, 0.75};
    private static final double[] B = {2.0 / 9, 1.0 / 3, 4.0 / 9};
    private static final double[] E = {5.0 / 72, -1.0 / 12, -1.0 / 9, 1.0 / 8};

    private FlowLikelihood() {}

    /** One group's result: the estimate per row, the time reached and the steps taken. */
    public record Estimate(double[] logLikelihood, double reached, int steps) {}

    /**
     * The estimates for S groups: {@code rows[g]} (Nᵍ × D), {@code conditions[g]} (Nᵍ; 0 = unconditional) and the
     * Hutchinson vector {@code noise[g]} (D).
     */
    public static List<Estimate> estimate(
            DiffusionNetwork net, VpSde sde, double[][][] rows, double[][] conditions, double[][] noise) {
        return estimate(net, sde, rows, conditions, noise, MAX_EVENTS);
    }

    /** As above with the stop event firing after {@code maxEvents} calls (the SciPy cross-check's small caps). */
    static List<Estimate> estimate(
            DiffusionNetwork net,
            VpSde sde,
            double[][][] rows,
            double[][] conditions,
            double[][] noise,
            int maxEvents) {
        int groups = rows.length;
        if (conditions.length != groups || noise.length != groups) {
            throw new IllegalArgumentException("need one condition array and one noise vector per group");
        }
        Group[] s = new Group[groups];
        for (int g = 0; g < groups; g++) s[g] = new Group(rows[g], conditions[g], noise[g], net.dims());
        Evaluator eval = new Evaluator(net, sde);
        // f₀ at t₀, then SciPy's initial step (one more evaluation)
        List<Request> f0 = new ArrayList<>();
        for (Group sys : s) f0.add(new Request(sys, START, sys.y));
        double[][] fs = eval.run(f0);
        List<Request> probes = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            Group sys = s[g];
            sys.f = fs[g];
            sys.t = START;
            double d0 = norm(sys.y, sys.y, null), d1 = norm(sys.f, sys.y, null);
            sys.h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
            sys.d1 = d1;
            double[] y1 = new double[sys.y.length];
            for (int i = 0; i < y1.length; i++) y1[i] = sys.y[i] + sys.h0 * sys.f[i];
            probes.add(new Request(sys, START + sys.h0, y1));
        }
        double[][] f1 = eval.run(probes);
        for (int g = 0; g < groups; g++) {
            Group sys = s[g];
            double[] diff = new double[sys.y.length];
            for (int i = 0; i < diff.length; i++) diff[i] = f1[g][i] - sys.f[i];
            double d2 = norm(diff, sys.y, null) / sys.h0;
            double h1 = sys.d1 <= 1e-15 && d2 <= 1e-15
                    ? Math.max(1e-6, sys.h0 * 1e-3)
                    : Math.pow(0.01 / Math.max(sys.d1, d2), 1.0 / 3);
            sys.hAbs = Math.min(100 * sys.h0, h1);
            sys.events = 1; // the event's call at t₀
        }
        double horizon = sde.horizon();
        while (true) {
            List<Group> active = new ArrayList<>();
            for (Group sys : s) if (!sys.done) active.add(sys);
            if (active.isEmpty()) break;
            // one attempted step per active group: clip h, then the three stages
            for (Group sys : active) {
                double minStep = 10 * Math.abs(Math.nextUp(sys.t) - sys.t);
                if (sys.hAbs < minStep && sys.rejected) {
                    sys.done = true; // SciPy's TOO_SMALL_STEP: the solve ends at the last accepted state
                    continue;
                }
                if (sys.hAbs < minStep) sys.hAbs = minStep;
                double tNew = sys.t + sys.hAbs;
                if (tNew > horizon) tNew = horizon;
                sys.h = tNew - sys.t;
                sys.hAbs = sys.h; // SciPy keeps the clipped step
                sys.k = new double[4][];
                sys.k[0] = sys.f;
            }
            active.removeIf(sys -> sys.done);
            if (active.isEmpty()) break;
            for (int stage = 1; stage <= 2; stage++) {
                List<Request> req = new ArrayList<>();
                for (Group sys : active) {
                    double[] yy = sys.y.clone();
                    for (int i = 0; i < yy.length; i++) {
                        double dy = 0;
                        for (int q = 0; q < stage; q++) dy += sys.k[q][i] * a(stage, q);
                        yy[i] += dy * sys.h;
                    }
                    req.add(new Request(sys, sys.t + C[stage] * sys.h, yy));
                }
                double[][] k = eval.run(req);
                for (int g = 0; g < active.size(); g++) active.get(g).k[stage] = k[g];
            }
            List<Request> last = new ArrayList<>();
            for (Group sys : active) {
                double[] yNew = sys.y.clone();
                for (int i = 0; i < yNew.length; i++) {
                    yNew[i] += sys.h * (B[0] * sys.k[0][i] + B[1] * sys.k[1][i] + B[2] * sys.k[2][i]);
                }
                sys.yNew = yNew;
                last.add(new Request(sys, sys.t + sys.h, yNew));
            }
            double[][] fNew = eval.run(last);
            for (int g = 0; g < active.size(); g++) {
                Group sys = active.get(g);
                sys.k[3] = fNew[g];
                double[] err = new double[sys.y.length];
                for (int i = 0; i < err.length; i++) {
                    double e = 0;
                    for (int q = 0; q < 4; q++) e += sys.k[q][i] * E[q];
                    err[i] = e * sys.h;
                }
                double errorNorm = norm(err, sys.y, sys.yNew);
                if (errorNorm < 1) {
                    double factor = errorNorm == 0
                            ? MAX_FACTOR
                            : Math.min(MAX_FACTOR, SAFETY * Math.pow(errorNorm, ERROR_EXPONENT));
                    if (sys.rejected) factor = Math.min(1, factor);
                    sys.hAbs *= factor;
                    sys.rejected = false;
                    sys.events++; // the event after this step
                    if (sys.events > maxEvents) {
                        sys.done = true; // located at this step's start: the state stays where it was
                    } else {
                        sys.t += sys.h;
                        sys.y = sys.yNew;
                        sys.f = fNew[g];
                        sys.steps++;
                        if (sys.t >= horizon) sys.done = true;
                    }
                } else {
                    sys.hAbs *= Math.max(MIN_FACTOR, SAFETY * Math.pow(errorNorm, ERROR_EXPONENT));
                    sys.rejected = true;
                }
            }
        }
        List<Estimate> out = new ArrayList<>();
        for (Group sys : s) out.add(sys.estimate());
        return out;
    }

    /** Bogacki–Shampine's A[stage][q]. */
    private static double a(int stage, int q) {
        return stage == 1 ? 0.5 : (q == 1 ? 0.75 : 0);
    }

    /**
     * SciPy's RMS norm of v / (atol + max(|y|, |y′|)·rtol) (y′ = y when null), or of v / (atol + |y|·rtol) for
     * the initial-step rule (v = y or f there).
     */
    private static double norm(double[] v, double[] y, double[] yNew) {
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            double scale = TOLERANCE
                    + (yNew == null ? Math.abs(y[i]) : Math.max(Math.abs(y[i]), Math.abs(yNew[i]))) * TOLERANCE;
            double r = v[i] / scale;
            sum += r * r;
        }
        return Math.sqrt(sum / v.length);
    }

    /** One group's state: n·D positions (row-major) then n accumulated divergences. */
    private static final class Group {
        final double[][] rows;
        final double[] conditions;
        final double[] noise;
        final int n;
        final int d;
        double[] y;
        double[] yNew;
        double[] f;
        double[][] k;
        double t;
        double h;
        double hAbs;
        double h0;
        double d1;
        int steps;
        int events;
        boolean rejected;
        boolean done;

        Group(double[][] rows, double[] conditions, double[] noise, int d) {
            if (rows.length == 0 || rows.length != conditions.length || noise.length != d) {
                throw new IllegalArgumentException(
                        "a group needs rows, one condition per row and a noise vector of " + "width " + d);
            }
            this.rows = rows;
            this.conditions = conditions;
            this.noise = noise;
            this.n = rows.length;
            this.d = d;
            y = new double[n * d + n];
            for (int r = 0; r < n; r++) System.arraycopy(rows[r], 0, y, r * d, d);
        }

        Estimate estimate() {
            double[] out = new double[n];
            double logTwoPi = Math.log(2 * Math.PI);
            for (int r = 0; r < n; r++) {
                double sq = 0;
                for (int j = 0; j < d; j++) sq += y[r * d + j] * y[r * d + j];
                out[r] = -d / 2.0 * logTwoPi - sq / 2 + y[n * d + r];
            }
            return new Estimate(out, t, steps);
        }
    }

    /** An evaluation of a group's ODE at time t and state y. */
    private record Request(Group sys, double t, double[] y) {}

    /** Evaluates many groups' right-hand sides with one forward and one backward pass of the network. */
    private static final class Evaluator {
        final DiffusionNetwork net;
        final VpSde sde;

        Evaluator(DiffusionNetwork net, VpSde sde) {
            this.net = net;
            this.sde = sde;
        }

        double[][] run(List<Request> requests) {
            int total = 0;
            for (Request q : requests) total += q.sys.n;
            int d = net.dims();
            double[][] x = new double[total][d];
            double[] time = new double[total], cond = new double[total];
            int at = 0;
            for (Request q : requests) {
                double s = sde.horizon() - q.t;
                for (int r = 0; r < q.sys.n; r++, at++) {
                    System.arraycopy(q.y, r * d, x[at], 0, d);
                    time[at] = s;
                    cond[at] = q.sys.conditions[r];
                }
            }
            double[] score = Tensors.columnMajor(net.forward(x, time, cond)); // F-order total × D
            double[][] eps = new double[total][];
            at = 0;
            for (Request q : requests) for (int r = 0; r < q.sys.n; r++) eps[at++] = q.sys.noise;
            org.nd4j.linalg.api.ndarray.INDArray dn = Tensors.matrix(eps, net.dataType());
            Host jt = Host.of(net.backward(dn)); // first D columns: J_sᵀε
            double[][] out = new double[requests.size()][];
            at = 0;
            for (int g = 0; g < requests.size(); g++) {
                Request q = requests.get(g);
                int n = q.sys.n;
                double half = 0.5 * sde.beta(sde.horizon() - q.t);
                double[] f = new double[n * d + n];
                for (int r = 0; r < n; r++, at++) {
                    double div = 0, norm = 0;
                    for (int j = 0; j < d; j++) {
                        double e = q.sys.noise[j];
                        f[r * d + j] = -half * score[j * total + at] - half * q.y[r * d + j];
                        div += jt.get(j * total + at) * e;
                        norm += e * e;
                    }
                    f[n * d + r] = -half * div - half * norm;
                }
                out[g] = f;
            }
            return out;
        }
    }
}
