package io.argus.track;

import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * A box's motion, as ByteTrack models it: a Kalman filter over its centre, aspect ratio (width over
 * height) and height with their velocities (8 dimensions, constant velocity, one step per frame).
 * The noise scales with the box's height, so a near object moves more pixels per frame than a far
 * one. The matrices are commons-math's.
 */
final class KalmanBoxFilter {
    private static final double POSITION_WEIGHT = 1.0 / 20;
    private static final double VELOCITY_WEIGHT = 1.0 / 160;
    /** Rounding leaves the covariance a little asymmetric; the decomposition tolerates that much. */
    private static final double SYMMETRY = 1e-6;
    private static final double POSITIVITY = 1e-10;
    private static final RealMatrix MOTION = motion();
    private static final RealMatrix PROJECTION = MatrixUtils.createRealIdentityMatrix(8).getSubMatrix(0, 3, 0, 7);
    private static final RealMatrix MOTION_T = MOTION.transpose();
    private static final RealMatrix PROJECTION_T = PROJECTION.transpose();

    private RealVector mean;
    private RealMatrix covariance;

    /** A filter starting at this box, with no velocity yet. */
    KalmanBoxFilter(Rect box) {
        RealVector measured = measurement(box);
        double h = measured.getEntry(3);
        mean = MatrixUtils.createRealVector(new double[8]);
        mean.setSubVector(0, measured);
        covariance = diagonal(2 * POSITION_WEIGHT * h, 2 * POSITION_WEIGHT * h, 1e-2, 2 * POSITION_WEIGHT * h,
                10 * VELOCITY_WEIGHT * h, 10 * VELOCITY_WEIGHT * h, 1e-5, 10 * VELOCITY_WEIGHT * h);
    }

    /** One frame on: where the box should be now. */
    void predict() {
        double h = mean.getEntry(3);
        RealMatrix noise = diagonal(POSITION_WEIGHT * h, POSITION_WEIGHT * h, 1e-2, POSITION_WEIGHT * h,
                VELOCITY_WEIGHT * h, VELOCITY_WEIGHT * h, 1e-5, VELOCITY_WEIGHT * h);
        mean = MOTION.operate(mean);
        covariance = MOTION.multiply(covariance).multiply(MOTION_T).add(noise);
    }

    /** The box was seen here: the estimate moves towards it, as far as the two uncertainties say. */
    void update(Rect box) {
        double h = mean.getEntry(3);
        RealMatrix measurementNoise = diagonal(POSITION_WEIGHT * h, POSITION_WEIGHT * h, 1e-1, POSITION_WEIGHT * h);
        RealMatrix projected = PROJECTION.multiply(covariance).multiply(PROJECTION_T).add(measurementNoise);
        RealMatrix gain = covariance.multiply(PROJECTION_T)
                .multiply(new CholeskyDecomposition(projected, SYMMETRY, POSITIVITY).getSolver().getInverse());
        RealVector innovation = measurement(box).subtract(PROJECTION.operate(mean));
        mean = mean.add(gain.operate(innovation));
        covariance = covariance.subtract(gain.multiply(projected).multiply(gain.transpose()));
    }

    /** The estimated box. */
    Rect box() {
        double height = Math.max(mean.getEntry(3), 1e-3);
        double width = Math.max(mean.getEntry(2), 1e-3) * height;
        return new Rect(mean.getEntry(0) - width / 2, mean.getEntry(1) - height / 2, width, height);
    }

    private static RealVector measurement(Rect box) {
        double height = Math.max(box.height(), 1e-3);
        return MatrixUtils.createRealVector(new double[] {box.centerX(), box.centerY(), box.width() / height, height});
    }

    private static RealMatrix diagonal(double... deviations) {
        double[] variances = new double[deviations.length];
        for (int i = 0; i < deviations.length; i++) {
            variances[i] = deviations[i] * deviations[i];
        }
        return MatrixUtils.createRealDiagonalMatrix(variances);
    }

    private static RealMatrix motion() {
        RealMatrix motion = MatrixUtils.createRealIdentityMatrix(8);
        for (int i = 0; i < 4; i++) {
            motion.setEntry(i, i + 4, 1);
        }
        return motion;
    }
}
