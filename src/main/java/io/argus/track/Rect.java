package io.argus.track;

/** A box in frame pixels, in floating point as the tracker predicts it: top-left corner, width and height. */
public record Rect(double x, double y, double width, double height) {
    public double centerX() {
        return x + width / 2;
    }

    public double centerY() {
        return y + height / 2;
    }

    /** Intersection over union, 0 for disjoint boxes and 1 for equal ones. */
    public double iou(Rect other) {
        double left = Math.max(x, other.x);
        double top = Math.max(y, other.y);
        double right = Math.min(x + width, other.x + other.width);
        double bottom = Math.min(y + height, other.y + other.height);
        double intersection = Math.max(0, right - left) * Math.max(0, bottom - top);
        double union = width * height + other.width * other.height - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
