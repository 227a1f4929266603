namespace Tthc.Calendar;

/// <summary>
/// Positions of the Sun and instants of new moon after Jean Meeus, <i>Astronomical Algorithms</i> (2nd ed., 1998),
/// chapters 25 and 49, with ΔT from Espenak and Meeus's polynomials: accurate to about a minute, which a calendar
/// needs when a new moon falls close to midnight.
/// </summary>
internal static class Astronomy
{
    /// <summary>Mean length of a lunation, in days.</summary>
    public const double SynodicMonth = 29.530588861;

    /// <summary>Julian day (TT) of the mean new moon of 2000-01-06, lunation 0.</summary>
    private const double JulianDayOfLunation0 = 2451550.09766;

    private const double Radians = Math.PI / 180;

    /// <summary>The lunation whose mean new moon is nearest to <paramref name="julianDay"/>, rounded down.</summary>
    public static int LunationBefore(double julianDay) => (int)Math.Floor((julianDay - JulianDayOfLunation0) / SynodicMonth);

    /// <summary>Julian day (UT) of new moon number <paramref name="k"/>, counted from January 2000.</summary>
    public static double NewMoon(int k)
    {
        var t = k / 1236.85; // Julian centuries from J2000
        var t2 = t * t;
        var t3 = t2 * t;
        var t4 = t3 * t;

        var jde = JulianDayOfLunation0 + SynodicMonth * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
        var e = 1 - 0.002516 * t - 0.0000074 * t2;
        var m = Deg(2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3);
        var mp = Deg(201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4);
        var f = Deg(160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4);
        var omega = Deg(124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3);

        var correction =
            -0.40720 * Math.Sin(mp)
            + 0.17241 * e * Math.Sin(m)
            + 0.01608 * Math.Sin(2 * mp)
            + 0.01039 * Math.Sin(2 * f)
            + 0.00739 * e * Math.Sin(mp - m)
            - 0.00514 * e * Math.Sin(mp + m)
            + 0.00208 * e * e * Math.Sin(2 * m)
            - 0.00111 * Math.Sin(mp - 2 * f)
            - 0.00057 * Math.Sin(mp + 2 * f)
            + 0.00056 * e * Math.Sin(2 * mp + m)
            - 0.00042 * Math.Sin(3 * mp)
            + 0.00042 * e * Math.Sin(m + 2 * f)
            + 0.00038 * e * Math.Sin(m - 2 * f)
            - 0.00024 * e * Math.Sin(2 * mp - m)
            - 0.00017 * Math.Sin(omega)
            - 0.00007 * Math.Sin(mp + 2 * m)
            + 0.00004 * Math.Sin(2 * mp - 2 * f)
            + 0.00004 * Math.Sin(3 * m)
            + 0.00003 * Math.Sin(mp + m - 2 * f)
            + 0.00003 * Math.Sin(2 * mp + 2 * f)
            - 0.00003 * Math.Sin(mp + m + 2 * f)
            + 0.00003 * Math.Sin(mp - m + 2 * f)
            - 0.00002 * Math.Sin(mp - m - 2 * f)
            - 0.00002 * Math.Sin(3 * mp + m)
            + 0.00002 * Math.Sin(4 * mp);

        // Perturbations by the planets.
        var planetary =
            0.000325 * Math.Sin(Deg(299.77 + 0.107408 * k - 0.009173 * t2))
            + 0.000165 * Math.Sin(Deg(251.88 + 0.016321 * k))
            + 0.000164 * Math.Sin(Deg(251.83 + 26.651886 * k))
            + 0.000126 * Math.Sin(Deg(349.42 + 36.412478 * k))
            + 0.000110 * Math.Sin(Deg(84.66 + 18.206239 * k))
            + 0.000062 * Math.Sin(Deg(141.74 + 53.303771 * k))
            + 0.000060 * Math.Sin(Deg(207.14 + 2.453732 * k))
            + 0.000056 * Math.Sin(Deg(154.84 + 7.306860 * k))
            + 0.000047 * Math.Sin(Deg(34.52 + 27.261239 * k))
            + 0.000042 * Math.Sin(Deg(207.19 + 0.121824 * k))
            + 0.000040 * Math.Sin(Deg(291.34 + 1.844379 * k))
            + 0.000037 * Math.Sin(Deg(161.72 + 24.198154 * k))
            + 0.000035 * Math.Sin(Deg(239.56 + 25.513099 * k))
            + 0.000023 * Math.Sin(Deg(331.55 + 3.592518 * k));

        var terrestrial = jde + correction + planetary;
        return terrestrial - DeltaTSeconds(terrestrial) / 86400;
    }

    /// <summary>The Sun's apparent ecliptic longitude at Julian day <paramref name="julianDay"/> (UT), in radians, 0 ≤ λ &lt; 2π.</summary>
    public static double SunLongitude(double julianDay)
    {
        var t = (julianDay + DeltaTSeconds(julianDay) / 86400 - 2451545.0) / 36525;
        var t2 = t * t;
        var meanLongitude = 280.46646 + 36000.76983 * t + 0.0003032 * t2;
        var meanAnomaly = Deg(357.52911 + 35999.05029 * t - 0.0001537 * t2);
        var center = (1.914602 - 0.004817 * t - 0.000014 * t2) * Math.Sin(meanAnomaly)
                     + (0.019993 - 0.000101 * t) * Math.Sin(2 * meanAnomaly)
                     + 0.000289 * Math.Sin(3 * meanAnomaly);
        var omega = Deg(125.04 - 1934.136 * t);
        var apparent = meanLongitude + center - 0.00569 - 0.00478 * Math.Sin(omega); // nutation and aberration
        var longitude = apparent * Radians;
        return longitude - 2 * Math.PI * Math.Floor(longitude / (2 * Math.PI));
    }

    /// <summary>ΔT = TT − UT in seconds (Espenak and Meeus, NASA eclipse site, polynomial expressions).</summary>
    public static double DeltaTSeconds(double julianDay)
    {
        var y = 2000 + (julianDay - 2451544.5) / 365.2425;
        double u;
        return y switch
        {
            < 1860 => 13.72 - 0.332447 * (u = y - 1800) + 0.0068612 * u * u + 0.0041116 * u * u * u
                      - 0.00037436 * Math.Pow(u, 4) + 0.0000121272 * Math.Pow(u, 5) - 0.0000001699 * Math.Pow(u, 6)
                      + 0.000000000875 * Math.Pow(u, 7),
            < 1900 => 7.62 + 0.5737 * (u = y - 1860) - 0.251754 * u * u + 0.01680668 * u * u * u
                      - 0.0004473624 * Math.Pow(u, 4) + Math.Pow(u, 5) / 233174,
            < 1920 => -2.79 + 1.494119 * (u = y - 1900) - 0.0598939 * u * u + 0.0061966 * u * u * u - 0.000197 * Math.Pow(u, 4),
            < 1941 => 21.20 + 0.84493 * (u = y - 1920) - 0.076100 * u * u + 0.0020936 * u * u * u,
            < 1961 => 29.07 + 0.407 * (u = y - 1950) - u * u / 233 + u * u * u / 2547,
            < 1986 => 45.45 + 1.067 * (u = y - 1975) - u * u / 260 - u * u * u / 718,
            < 2005 => 63.86 + 0.3345 * (u = y - 2000) - 0.060374 * u * u + 0.0017275 * u * u * u
                      + 0.000651814 * Math.Pow(u, 4) + 0.00002373599 * Math.Pow(u, 5),
            < 2050 => 62.92 + 0.32217 * (u = y - 2000) + 0.005589 * u * u,
            < 2150 => -20 + 32 * Math.Pow((y - 1820) / 100, 2) - 0.5628 * (2150 - y),
            _ => -20 + 32 * Math.Pow((y - 1820) / 100, 2),
        };
    }

    private static double Deg(double degrees) => degrees % 360 * Radians;
}
