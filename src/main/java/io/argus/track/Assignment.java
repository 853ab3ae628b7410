package io.argus.track;

import java.util.Arrays;

/**
 * Linear assignment: the rows matched to columns at the least total cost (the Hungarian method with
 * potentials, O(n²m) for n rows and m columns), then only the pairs whose cost is at most the
 * threshold kept. A cost of {@link Double#POSITIVE_INFINITY} forbids a pair.
 */
final class Assignment {
    /** The cost given to a forbidden pair while solving: above any real one, but finite. */
    private static final double FORBIDDEN = 1e9;

    private Assignment() {
    }

    /** For each row, the column it is matched to, or -1. */
    static int[] solve(double[][] cost, double threshold) {
        int rows = cost.length;
        int[] matched = new int[rows];
        Arrays.fill(matched, -1);
        if (rows == 0 || cost[0].length == 0) {
            return matched;
        }
        int columns = cost[0].length;
        boolean transposed = rows > columns;
        double[][] a = transposed ? transpose(cost) : cost;
        int n = a.length;
        int m = a[0].length;
        // 1-based arrays as in the textbook form: u, v potentials, p[j] the row matched to column j.
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minimum = new double[m + 1];
            Arrays.fill(minimum, Double.MAX_VALUE);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.MAX_VALUE;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double current = finite(a[i0 - 1][j - 1]) - u[i0] - v[j];
                        if (current < minimum[j]) {
                            minimum[j] = current;
                            way[j] = j0;
                        }
                        if (minimum[j] < delta) {
                            delta = minimum[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minimum[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        for (int j = 1; j <= m; j++) {
            if (p[j] == 0) {
                continue;
            }
            int row = transposed ? j - 1 : p[j] - 1;
            int column = transposed ? p[j] - 1 : j - 1;
            if (cost[row][column] <= threshold) {
                matched[row] = column;
            }
        }
        return matched;
    }

    private static double finite(double cost) {
        return Double.isInfinite(cost) ? FORBIDDEN : cost;
    }

    private static double[][] transpose(double[][] cost) {
        double[][] transposed = new double[cost[0].length][cost.length];
        for (int i = 0; i < cost.length; i++) {
            for (int j = 0; j < cost[0].length; j++) {
                transposed[j][i] = cost[i][j];
            }
        }
        return transposed;
    }
}
