package io.argus.detect;

import java.util.ArrayList;
import java.util.List;

/** Box arithmetic the model detectors share: clipping to the image, and non-maximum suppression. */
public final class Boxes {
    private Boxes() {
    }

    /** The box from its edges in image pixels, rounded and clipped to the image. */
    public static Box clip(double left, double top, double right, double bottom, int imageWidth, int imageHeight) {
        int x = (int) Math.max(0, Math.round(left));
        int y = (int) Math.max(0, Math.round(top));
        int x2 = (int) Math.min(imageWidth, Math.round(right));
        int y2 = (int) Math.min(imageHeight, Math.round(bottom));
        return new Box(x, y, Math.max(0, x2 - x), Math.max(0, y2 - y));
    }

    /**
     * Class-agnostic greedy non-maximum suppression: of detections overlapping by more than the
     * threshold (IoU), only the most confident stays. The input is sorted by confidence, highest first.
     */
    public static List<Detection> suppress(List<Detection> sorted, double iouThreshold) {
        List<Detection> kept = new ArrayList<>();
        for (Detection candidate : sorted) {
            if (kept.stream().noneMatch(k -> k.box().iou(candidate.box()) > iouThreshold)) {
                kept.add(candidate);
            }
        }
        return kept;
    }
}
