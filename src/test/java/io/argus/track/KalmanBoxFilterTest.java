package io.argus.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The motion model: it learns a constant velocity and predicts the next box from it. */
class KalmanBoxFilterTest {
    @Test
    void aBoxMovingSteadilyIsPredictedWhereItWillBe() {
        KalmanBoxFilter filter = new KalmanBoxFilter(new Rect(0, 50, 40, 100));
        for (int f = 1; f <= 15; f++) {
            filter.predict();
            filter.update(new Rect(6 * f, 50 - 2 * f, 40, 100));
        }
        filter.predict();
        Rect next = filter.box();
        assertThat(next.x()).isCloseTo(96, within(2.0));
        assertThat(next.y()).isCloseTo(18, within(2.0));
        assertThat(next.width()).isCloseTo(40, within(1.0));
        assertThat(next.height()).isCloseTo(100, within(1.0));
    }

    @Test
    void withoutUpdatesItCarriesOnAtTheLearnedVelocity() {
        KalmanBoxFilter filter = new KalmanBoxFilter(new Rect(0, 0, 20, 20));
        for (int f = 1; f <= 10; f++) {
            filter.predict();
            filter.update(new Rect(10 * f, 0, 20, 20));
        }
        for (int f = 0; f < 5; f++) {
            filter.predict();
        }
        assertThat(filter.box().x()).isCloseTo(150, within(5.0));
    }
}
