package io.argus.track;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Linear assignment: the least total cost, rectangular costs, the threshold and forbidden pairs. */
class AssignmentTest {
    private static final double NO = Double.POSITIVE_INFINITY;

    @Test
    void theLeastTotalCostWinsOverTheGreedyChoice() {
        // Greedy would take 0→0 (cost 1) and then pay 9 for row 1; the optimum pays 2 + 2.
        double[][] cost = {{1, 2}, {2, 9}};
        assertThat(Assignment.solve(cost, 10)).containsExactly(1, 0);
        double[][] three = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        assertThat(Assignment.solve(three, 10)).containsExactly(1, 0, 2);
    }

    @Test
    void moreRowsOrMoreColumnsLeaveTheRestUnmatched() {
        assertThat(Assignment.solve(new double[][] {{5, 1, 7}, {1, 6, 8}}, 10)).containsExactly(1, 0);
        assertThat(Assignment.solve(new double[][] {{5}, {1}, {3}}, 10)).containsExactly(-1, 0, -1);
        assertThat(Assignment.solve(new double[0][0], 1)).isEmpty();
        assertThat(Assignment.solve(new double[][] {{}, {}}, 1)).containsExactly(-1, -1);
    }

    @Test
    void pairsAboveTheThresholdOrForbiddenAreNotMatched() {
        assertThat(Assignment.solve(new double[][] {{0.2, 0.9}, {0.95, 0.85}}, 0.8)).containsExactly(0, -1);
        assertThat(Assignment.solve(new double[][] {{NO, 0.1}, {NO, 0.2}}, 1)).containsExactly(1, -1);
        assertThat(Assignment.solve(new double[][] {{NO, NO}}, 1)).containsExactly(-1);
    }
}
