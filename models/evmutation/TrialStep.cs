namespace Pg2.Models.Evmutation;

/// <summary>
/// The safeguarded trial-step update of the Moré–Thuente line search (Moré &amp; Thuente 1994, MINPACK-2
/// dcstep; the form used by liblbfgs). (x, fx, dx) is the best step so far, (y, fy, dy) the other end of
/// the interval, (t, ft, dt) the current trial; on return t holds the next trial step.
/// </summary>
internal static class TrialStep
{
    /// <summary>Updates the interval and picks the next step; false when the inputs are inconsistent.</summary>
    public static bool Update(ref double x, ref double fx, ref double dx, ref double y, ref double fy, ref double dy,
        ref double t, double ft, double dt, double tmin, double tmax, ref bool brackt)
    {
        bool dsign = dt * (dx / Math.Abs(dx)) < 0;
        if (brackt)
        {
            if (t <= Math.Min(x, y) || Math.Max(x, y) <= t) return false;
            if (0 <= dx * (t - x)) return false;
            if (tmax < tmin) return false;
        }

        double newt;
        bool bound;
        if (fx < ft)
        {
            // Case 1: higher value; the minimum is bracketed.
            brackt = true;
            bound = true;
            double mc = CubicMinimizer(x, fx, dx, t, ft, dt);
            double mq = QuadraticMinimizer(x, fx, dx, t, ft);
            newt = Math.Abs(mc - x) < Math.Abs(mq - x) ? mc : mc + 0.5 * (mq - mc);
        }
        else if (dsign)
        {
            // Case 2: derivatives of opposite sign; bracketed.
            brackt = true;
            bound = false;
            double mc = CubicMinimizer(x, fx, dx, t, ft, dt);
            double mq = SecantMinimizer(x, dx, t, dt);
            newt = Math.Abs(mc - t) > Math.Abs(mq - t) ? mc : mq;
        }
        else if (Math.Abs(dt) < Math.Abs(dx))
        {
            // Case 3: lower value, same sign, derivative decreasing in magnitude.
            bound = true;
            double mc = CubicMinimizerSafeguarded(x, fx, dx, t, ft, dt, tmin, tmax);
            double mq = SecantMinimizer(x, dx, t, dt);
            if (brackt) newt = Math.Abs(t - mc) < Math.Abs(t - mq) ? mc : mq;
            else newt = Math.Abs(t - mc) > Math.Abs(t - mq) ? mc : mq;
        }
        else
        {
            // Case 4: lower value, same sign, derivative not decreasing.
            bound = false;
            if (brackt) newt = CubicMinimizer(t, ft, dt, y, fy, dy);
            else newt = x < t ? tmax : tmin;
        }

        if (fx < ft)
        {
            y = t; fy = ft; dy = dt;
        }
        else
        {
            if (dsign)
            {
                y = x; fy = fx; dy = dx;
            }
            x = t; fx = ft; dx = dt;
        }

        newt = Math.Clamp(newt, tmin, tmax);
        if (brackt && bound)
        {
            double mq = x + 0.66 * (y - x);
            if (x < y) { if (mq < newt) newt = mq; }
            else if (newt < mq) newt = mq;
        }
        t = newt;
        return true;
    }

    // Minimiser of the cubic interpolating f and f' at u and v.
    private static double CubicMinimizer(double u, double fu, double du, double v, double fv, double dv)
    {
        double d = v - u;
        double theta = (fu - fv) * 3 / d + du + dv;
        double s = Math.Max(Math.Abs(theta), Math.Max(Math.Abs(du), Math.Abs(dv)));
        double a = theta / s;
        double gamma = s * Math.Sqrt(a * a - du / s * (dv / s));
        if (v < u) gamma = -gamma;
        double p = gamma - du + theta;
        double q = gamma - du + gamma + dv;
        return u + p / q * d;
    }

    // The cubic minimiser measured from v, falling back to an end of [min, max] when the cubic has none.
    private static double CubicMinimizerSafeguarded(double u, double fu, double du, double v, double fv, double dv,
        double min, double max)
    {
        double d = v - u;
        double theta = (fu - fv) * 3 / d + du + dv;
        double s = Math.Max(Math.Abs(theta), Math.Max(Math.Abs(du), Math.Abs(dv)));
        double a = theta / s;
        double gamma = s * Math.Sqrt(Math.Max(0, a * a - du / s * (dv / s)));
        if (u < v) gamma = -gamma;
        double p = gamma - dv + theta;
        double q = gamma - dv + gamma + du;
        double r = p / q;
        if (r < 0 && gamma != 0) return v - r * d;
        return v > u ? max : min;
    }

    // Minimiser of the quadratic through f(u), f'(u), f(v).
    private static double QuadraticMinimizer(double u, double fu, double du, double v, double fv)
    {
        double a = v - u;
        return u + du / ((fu - fv) / a + du) / 2 * a;
    }

    // Minimiser of the quadratic with derivatives du at u and dv at v (secant step).
    private static double SecantMinimizer(double u, double du, double v, double dv)
    {
        double a = u - v;
        return v + dv / (dv - du) * a;
    }
}
